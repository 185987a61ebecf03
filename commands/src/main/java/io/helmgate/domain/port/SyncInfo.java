package io.helmgate.domain.port;

import io.helmgate.domain.RequestId;
import io.helmgate.domain.UserRef;

/**
 * Who asked for a sync and why; recorded in the ArgoCD operation's {@code infos}, because ArgoCD
 * itself only knows the bot's account.
 *
 * @param revision the values commit the sync should deploy, or null for the app's target revision
 */
public record SyncInfo(RequestId requestId, UserRef requestedBy, String revision) {}
