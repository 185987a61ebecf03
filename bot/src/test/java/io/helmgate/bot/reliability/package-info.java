/**
 * The reliability suite: the running bot (Bolt over HTTP, a bare git remote, the database, WireMock
 * for Slack, the stateful Argo CD stand-in for ArgoCD) under hostile input and injected faults.
 * Tests assert outcomes, never timings. All classes but {@link
 * io.helmgate.bot.reliability.CrashRestartTest} share one application context through {@link
 * io.helmgate.bot.reliability.ReliabilityApp}.
 *
 * <table>
 *   <caption>Faults and what is promised</caption>
 *   <tr><th>Fault</th><th>Promise</th><th>Test</th></tr>
 *   <tr><td>1,200 seeded hostile requests: forged, missing and garbled signatures, stale and
 *       future timestamps, replays, tampered and truncated bodies, malformed form encoding and
 *       payload JSON, wrong content types, huge bodies, unknown commands and action ids</td>
 *       <td>401 (or 400 when unreadable) for anything not validly signed, a 4xx and never a 5xx
 *       for the rest; no message, answer, commit, request or audit entry (refusals are logged,
 *       not audited)</td><td>ForgedAndMalformedRequestsTest</td></tr>
 *   <tr><td>Hostile command texts: traversal, encoded traversal, shell and YAML injection,
 *       line breaks, oversized text, look-alike and invisible characters, channel pings</td>
 *       <td>an ephemeral refusal naming what is wrong; no request, no message, remote
 *       untouched</td><td>HostileCommandTextsTest</td></tr>
 *   <tr><td>The same Approve click byte for byte and re-signed (Slack's retry), concurrently</td>
 *       <td>one approval, one commit, one sync</td><td>DoubleClickTest</td></tr>
 *   <tr><td>ArgoCD: a lost sync answer, argocd-server down (503, dropped connections) for a
 *       while or throughout, another operation running for a while or too long, a repo-server
 *       outage, a deny window, an app that would not deploy Helmgate's commit (another branch,
 *       a pinned revision), an auto-sync that starts first</td><td>Succeeded after retries with
 *       one operation of the request (a lost or auto-synced one adopted); or Failed naming the
 *       cause, nothing committed when Argo CD is found unable before the commit, committed once
 *       after it; syncing again works without a commit</td><td>ArgoCdFaultsTest</td></tr>
 *   <tr><td>Git remote gone between the last fetch and the push, or between approval and
 *       execution</td><td>Failed, "nothing was committed"; asking again after it is back
 *       commits once</td><td>GitRemoteDownTest</td></tr>
 *   <tr><td>Database gone at a command, at a click, between approval and execution, after the
 *       commit</td><td>the person or the thread is told; nothing committed before the commit
 *       step; retrying, or resuming at the next start, commits once</td>
 *       <td>DatabaseDownTest</td></tr>
 *   <tr><td>300 connections that send a signed-looking request's headers and part of its body,
 *       held open</td><td>a signed command is answered and liveness (its own port) is UP
 *       meanwhile; each stalled one gets 408 once its body is 5 s late; unsigned or stale ones
 *       are refused without waiting for the body</td><td>SlowBodiesTest</td></tr>
 *   <tr><td>Process killed (SIGKILL) in the middle of a long sync, restarted</td><td>resumed,
 *       the commit found by its trailer when it was not recorded, Argo CD's running operation
 *       adopted: synced once, never committed twice</td><td>CrashRestartTest</td></tr>
 * </table>
 */
package io.helmgate.bot.reliability;
