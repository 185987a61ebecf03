package io.helmgate.domain.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.helmgate.domain.Target;
import io.helmgate.domain.UserRef;
import io.helmgate.domain.execution.PullRequestSettings;
import io.helmgate.domain.policy.ChangeMode;
import io.helmgate.domain.policy.ExampleGroups;
import io.helmgate.domain.policy.Policy;
import io.helmgate.domain.policy.PolicyConfig;
import io.helmgate.domain.port.CommitStatusState;
import io.helmgate.domain.port.ForgeEvent;
import io.helmgate.domain.port.ForgeException;
import io.helmgate.domain.port.InMemoryForge;
import io.helmgate.domain.port.PullRequest;
import io.helmgate.domain.port.Review;
import io.helmgate.domain.request.AuditEvent.Type;
import io.helmgate.domain.request.MessageRef;
import io.helmgate.domain.request.Request;
import io.helmgate.domain.request.RequestState;
import io.helmgate.domain.values.Redaction;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Pull-request mode end to end at the domain level: prod in {@code change-mode: pull-request}
 * against the in-memory forge (which refuses a merge without {@code helmgate/policy} success, as a
 * protected branch does) and the values and Argo CD fakes.
 */
class PullRequestModeScenarioTest {

  static final Target PROD = new Target("acme", "payments", "prod");
  static final UserRef ALICE = new UserRef("U0ALICE", "alice");
  static final UserRef BOB = new UserRef("U0BOB", "bob");

  Fakes.TestClock clock = new Fakes.TestClock(Instant.parse("2026-12-01T09:00:00Z"));
  Fakes.Values repo = new Fakes.Values(clock, Map.of(PROD, RequestScenarioTest.values("1.4.1")));
  Fakes.Argo argo = new Fakes.Argo(clock);
  Fakes.Groups groups = new Fakes.Groups();
  Fakes.Trail trail = new Fakes.Trail();
  Fakes.Requests requests = new Fakes.Requests(trail);
  Fakes.Schedules schedules = new Fakes.Schedules();
  Fakes.Thread thread = new Fakes.Thread();
  InMemoryForge forge = new InMemoryForge();

  /** Forge logins Helmgate knows in Slack (the table or a verified e-mail, in the bot). */
  Map<String, String> forgeUsers = new java.util.HashMap<>();

  Helmgate helmgate;

  @BeforeEach
  void setUp() {
    groups.groups.put(ALICE.id(), Set.of("@ops-team"));
    groups.groups.put(BOB.id(), Set.of("@ops-team"));
    repo.onBranchPushed = forge::pushed;
    forge.mergeCommitsWith(pr -> repo.mergeBranch(pr.headBranch()));
    helmgate =
        new Helmgate(
            helmgatePorts(),
            policyInPullRequestMode(),
            Redaction.defaults(),
            Helmgate.Options.defaults()
                .withExecution(
                    ExecutionOptions.defaults()
                        .withPullRequests(
                            new PullRequestSettings(
                                    Optional.of(forge),
                                    Duration.ofMinutes(1),
                                    Duration.ofMinutes(10))
                                .withUsers(r -> Optional.ofNullable(forgeUsers.get(r.login())))
                                .withMessageLinks(
                                    m ->
                                        Optional.of(
                                            "https://slack.example/archives/"
                                                + m.conversation()
                                                + "/p"
                                                + m.id().replace(".", ""))))));
    forgeUsers.put("alice-gh", ALICE.id());
    forgeUsers.put("bob-gh", BOB.id());
  }

  static Policy policyInPullRequestMode() {
    PolicyConfig config = ExampleGroups.policy();
    return new Policy(
        config.withEnvironment(
            "prod", config.rulesFor("prod").withChangeMode(ChangeMode.PULL_REQUEST)));
  }

  Ports helmgatePorts() {
    return new Ports(
        repo,
        argo,
        new Fakes.Secrets(),
        groups,
        requests,
        trail,
        new Fakes.Locks(),
        schedules,
        thread,
        clock,
        Runnable::run,
        new Fakes.Artifacts(),
        io.helmgate.domain.port.EdgeVerifier.NONE,
        io.helmgate.domain.port.ExecutionClaims.inProcess());
  }

  Request requested() {
    Outcome outcome =
        helmgate.command(
            new io.helmgate.domain.service.Caller(ALICE, "C0OPS"),
            "/deploy",
            "acme/payments prod image.tag=1.4.2 reason=\"CHG-7 monthly\"");
    assertThat(outcome).isInstanceOf(Outcome.RequestOpened.class);
    Request r = ((Outcome.RequestOpened) outcome).request();
    helmgate.requests().posted(r.id(), Optional.of(new MessageRef("C0OPS", "1700000000.000100")));
    return r;
  }

  Request approveAndSettle(Request request) {
    helmgate.requests().approve(request.id(), BOB);
    schedules.settle(clock, helmgate.requests()::resume, 100);
    return requests.find(request.id()).orElseThrow();
  }

  @Test
  void anApprovedProdChangeIsMergedThroughItsPullRequestAndTheMergeCommitIsWhatSyncs() {
    Request request = requested();
    // The pull request opens as soon as the request is posted, pending until the policy is met.
    String branch = "helmgate/" + request.id();
    assertThat(repo.branches).containsOnlyKeys(branch);
    String head = repo.branches.get(branch).id();
    PullRequest opened = forge.findOpen(branch).orElseThrow();
    assertThat(opened.headSha()).isEqualTo(head);
    assertThat(forge.policyStatus(head)).contains(CommitStatusState.PENDING);
    assertThat(forge.drafts())
        .singleElement()
        .satisfies(
            d ->
                assertThat(d.body())
                    .contains("image.tag")
                    .contains("CHG-7 monthly")
                    .contains(request.id().toString())
                    .contains("https://slack.example/archives/C0OPS/p1700000000000100"));
    assertThat(thread.lines)
        .anySatisfy(l -> assertThat(l).contains("Pull request https://forge.example/pulls/1"));
    assertThat(requests.find(request.id()).orElseThrow().execution().output("pull-request-url"))
        .contains("https://forge.example/pulls/1");

    // The requester can approve neither by review nor by click.
    forge.review(1, "alice-gh", Review.Verdict.APPROVED, clock.instant());
    helmgate.requests().watchPullRequests();
    assertThat(helmgate.requests().approve(request.id(), ALICE)).isInstanceOf(Outcome.Denied.class);
    assertThat(requests.find(request.id()).orElseThrow().state())
        .isEqualTo(RequestState.PENDING_APPROVAL);
    assertThat(forge.comments(1))
        .anySatisfy(
            c -> assertThat(c).contains("The review by alice-gh").contains("does not count"));
    assertThat(forge.policyStatus(head)).contains(CommitStatusState.PENDING);

    Request done = approveAndSettle(request);

    assertThat(done.state()).isEqualTo(RequestState.SUCCEEDED);
    assertThat(repo.branches.get(branch).id()).isEqualTo(head);
    assertThat(repo.branches.get(branch).message())
        .contains("Helmgate-Request: " + request.id() + "\n");
    // Helmgate never pushed to the values branch itself: its only new commit is the forge's merge.
    assertThat(repo.commits).hasSize(2);
    String merge = repo.head().id();
    assertThat(repo.head().message()).startsWith("Merge " + branch);
    assertThat(repo.head().files().get(PROD.valuesPath()))
        .isEqualTo(RequestScenarioTest.values("1.4.2"));
    assertThat(forge.statuses())
        .extracting(InMemoryForge.Status::sha, InMemoryForge.Status::state)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(head, CommitStatusState.PENDING),
            org.assertj.core.groups.Tuple.tuple(head, CommitStatusState.SUCCESS));
    assertThat(forge.comments(1))
        .anySatisfy(c -> assertThat(c).contains("approved by bob (U0BOB) in Slack at"))
        .anySatisfy(c -> assertThat(c).contains("approved in Slack by bob (U0BOB) at"));
    PullRequest pr = forge.get(1);
    assertThat(pr.state()).isEqualTo(PullRequest.State.MERGED);
    assertThat(pr.baseBranch()).isEqualTo("main");
    assertThat(done.commitId()).contains(merge);
    assertThat(argo.syncs())
        .singleElement()
        .satisfies(s -> assertThat(s.revision()).contains(merge));
    assertThat(thread.lines).anySatisfy(l -> assertThat(l).contains("Merged pull request #1"));
    assertThat(trail.typesFor(request.id()))
        .containsSubsequence(
            Type.PULL_REQUEST,
            Type.REFUSED,
            Type.APPROVED,
            Type.COMMITTED,
            Type.SYNC_STARTED,
            Type.SYNC_FINISHED);
    assertThat(trail.events)
        .filteredOn(e -> e.type() == Type.PULL_REQUEST && "review".equals(e.detail().get("action")))
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.detail()).containsEntry("forge-user", "alice-gh");
              assertThat(e.detail()).containsEntry("slack-user", ALICE.id());
              assertThat(e.detail().get("counted")).startsWith("no:");
            });
  }

  @Test
  void aReviewByAnotherOpsMemberKnownInSlackIsTheirApproval() {
    Request request = requested();

    forge.review(1, "bob-gh", Review.Verdict.APPROVED, clock.instant());
    helmgate.requests().watchPullRequests();
    schedules.settle(clock, helmgate.requests()::resume, 100);

    Request done = requests.find(request.id()).orElseThrow();
    assertThat(done.state()).isEqualTo(RequestState.SUCCEEDED);
    assertThat(done.approvedBy()).extracting(a -> a.approver().id()).containsExactly(BOB.id());
    assertThat(trail.events)
        .filteredOn(e -> e.type() == Type.APPROVED)
        .singleElement()
        .satisfies(
            e ->
                assertThat(e.detail())
                    .containsEntry("via", "through a review by bob-gh on pull request #1"));
    assertThat(thread.lines)
        .anySatisfy(l -> assertThat(l).contains("through a review by bob-gh on pull request #1"));
    assertThat(forge.comments(1))
        .anySatisfy(
            c ->
                assertThat(c)
                    .contains("approved by Slack user U0BOB through a review by bob-gh")
                    .doesNotContain("<@"));
    assertThat(forge.get(1).state()).isEqualTo(PullRequest.State.MERGED);
    // Read again, the same review is not counted twice.
    assertThat(helmgate.requests().watchPullRequests()).isZero();
  }

  @Test
  void aReviewThatRequestsChangesRejectsTheRequestAndClosesItsPullRequest() {
    Request request = requested();

    forge.review(1, "bob-gh", Review.Verdict.CHANGES_REQUESTED, clock.instant());
    helmgate.requests().watchPullRequests();

    Request done = requests.find(request.id()).orElseThrow();
    assertThat(done.state()).isEqualTo(RequestState.REJECTED);
    PullRequest pr = forge.get(1);
    assertThat(pr.state()).isEqualTo(PullRequest.State.CLOSED);
    assertThat(forge.policyStatus(pr.headSha())).contains(CommitStatusState.FAILURE);
    assertThat(repo.commits).hasSize(1);
  }

  @Test
  void aReviewBySomeoneHelmgateCannotMapCountsForNothingAndSaysSo() {
    Request request = requested();

    forge.review(1, "mallory", Review.Verdict.APPROVED, clock.instant());
    helmgate.requests().watchPullRequests();
    helmgate.requests().watchPullRequests();

    assertThat(requests.find(request.id()).orElseThrow().state())
        .isEqualTo(RequestState.PENDING_APPROVAL);
    assertThat(forge.comments(1))
        .filteredOn(c -> c.contains("mallory"))
        .singleElement()
        .asString()
        .contains("does not know who mallory is in Slack");
  }

  @Test
  void aWebhookHastensWhatThePollWouldFind() {
    Request request = requested();
    forge.review(1, "bob-gh", Review.Verdict.APPROVED, clock.instant());

    helmgate
        .requests()
        .forgeEvent(
            new ForgeEvent.ReviewSubmitted(1, "helmgate/" + request.id(), forge.reviews(1).get(0)));

    assertThat(requests.find(request.id()).orElseThrow().state())
        .isIn(RequestState.APPROVED, RequestState.EXECUTING, RequestState.SUCCEEDED);
  }

  @Test
  void aMergeThatHadToWaitReChecksTheApproversRolesFirst() {
    forge.opensAs(PullRequest.Mergeable.NO);
    Request request = requested();
    helmgate.requests().approve(request.id(), BOB);
    schedules.settle(clock, helmgate.requests()::resume, 2);
    groups.groups.put(BOB.id(), Set.of("@developers"));
    forge.mergeable(1, PullRequest.Mergeable.YES);

    schedules.settle(clock, helmgate.requests()::resume, 100);

    Request done = requests.find(request.id()).orElseThrow();
    assertThat(done.state()).isEqualTo(RequestState.FAILED);
    assertThat(done.outcome()).get().asString().contains("bob");
    assertThat(forge.get(1).state()).isEqualTo(PullRequest.State.CLOSED);
    assertThat(argo.syncs()).isEmpty();
  }

  @Test
  void aPullRequestTheForgeCouldNotOpenAtPostingIsOpenedByTheNextRead() {
    forge.failNext(new ForgeException(ForgeException.Kind.UNAVAILABLE, "503 from the forge"));
    Request request = requested();
    assertThat(thread.lines)
        .anySatisfy(l -> assertThat(l).contains("could not be opened yet").contains("503"));
    assertThat(requests.find(request.id()).orElseThrow().execution().output("pull-request"))
        .isEmpty();

    helmgate.requests().watchPullRequests();
    assertThat(forge.findOpen("helmgate/" + request.id()))
        .as("posted() is still the one opening it within the first interval")
        .isEmpty();
    clock.advance(Duration.ofMinutes(1));
    helmgate.requests().watchPullRequests();

    assertThat(requests.find(request.id()).orElseThrow().execution().output("pull-request"))
        .contains("1");
    assertThat(forge.findOpen("helmgate/" + request.id())).isPresent();
    assertThatNoSecondPullRequest();
  }

  @Test
  void aPullRequestPointedAtAnotherBranchIsNeitherApprovedNorMerged() {
    Request pending = requested();
    forge.retarget(1, "unprotected");

    helmgate.requests().watchPullRequests();

    Request cancelled = requests.find(pending.id()).orElseThrow();
    assertThat(cancelled.state()).isEqualTo(RequestState.CANCELLED);
    assertThat(cancelled.outcome()).get().asString().contains("`unprotected`");
    assertThat(forge.get(1).state()).isEqualTo(PullRequest.State.CLOSED);
  }

  @Test
  void aPullRequestRetargetedWhileItWaitsToMergeFailsAndNothingSyncs() {
    forge.opensAs(PullRequest.Mergeable.NO);
    Request request = requested();
    helmgate.requests().approve(request.id(), BOB);
    forge.retarget(1, "unprotected");
    forge.mergeable(1, PullRequest.Mergeable.YES);

    schedules.settle(clock, helmgate.requests()::resume, 100);

    Request done = requests.find(request.id()).orElseThrow();
    assertThat(done.state()).isEqualTo(RequestState.FAILED);
    assertThat(done.outcome()).get().asString().contains("not the values branch `main`");
    assertThat(forge.get(1).state()).isNotEqualTo(PullRequest.State.MERGED);
    assertThat(argo.syncs()).isEmpty();
  }

  @Test
  void changesRequestedByAKnownReviewerAfterTheApprovalStopTheMerge() {
    forge.opensAs(PullRequest.Mergeable.NO);
    Request request = requested();
    helmgate.requests().approve(request.id(), BOB);
    clock.advance(Duration.ofMinutes(1));
    forge.review(1, "bob-gh", Review.Verdict.CHANGES_REQUESTED, clock.instant());
    forge.mergeable(1, PullRequest.Mergeable.YES);

    schedules.settle(clock, helmgate.requests()::resume, 100);

    Request done = requests.find(request.id()).orElseThrow();
    assertThat(done.state()).isEqualTo(RequestState.FAILED);
    assertThat(done.outcome())
        .get()
        .asString()
        .contains("Changes were requested")
        .contains("bob-gh");
    assertThat(forge.get(1).state()).isEqualTo(PullRequest.State.CLOSED);
    assertThat(argo.syncs()).isEmpty();
  }

  @Test
  void aPendingPullRequestClosedByAPersonCancelsItsRequest() {
    Request request = requested();

    forge.closeByPerson(1);
    helmgate.requests().watchPullRequests();

    Request done = requests.find(request.id()).orElseThrow();
    assertThat(done.state()).isEqualTo(RequestState.CANCELLED);
    assertThat(done.outcome()).get().asString().contains("closed on the forge without merging");
    assertThat(helmgate.requests().approve(request.id(), BOB))
        .isNotInstanceOf(Outcome.RequestUpdated.class);
  }

  @Test
  void aPushBySomeoneElseToTheBranchCancelsThePendingRequest() {
    Request request = requested();

    forge.push(1, "fed9876fed9876fed9876fed9876fed9876fed98");
    helmgate.requests().watchPullRequests();

    Request done = requests.find(request.id()).orElseThrow();
    assertThat(done.state()).isEqualTo(RequestState.CANCELLED);
    assertThat(done.outcome()).get().asString().contains("someone pushed to helmgate/");
    assertThat(forge.get(1).state()).isEqualTo(PullRequest.State.CLOSED);
  }

  @Test
  void aValuesBranchThatMovedWithoutTouchingTheFileIsRebasedAndMerged() {
    Request request = requested();
    String first = repo.branches.get("helmgate/" + request.id()).id();
    repo.unrelatedChange("acme/other/dev/values.yaml", "replicaCount: 1\n");

    Request done = approveAndSettle(request);

    assertThat(done.state()).isEqualTo(RequestState.SUCCEEDED);
    String rebased = repo.branches.get("helmgate/" + request.id()).id();
    assertThat(rebased).isNotEqualTo(first);
    assertThat(repo.branches.get("helmgate/" + request.id()).parent())
        .isEqualTo(repo.commits.get(1).id());
    assertThat(forge.policyStatus(rebased)).contains(CommitStatusState.SUCCESS);
    assertThat(forge.policyStatus(first))
        .as("the superseded commit cannot be merged elsewhere")
        .contains(CommitStatusState.FAILURE);
    assertThat(forge.comments(1)).anySatisfy(c -> assertThat(c).contains("moved on"));
    assertThat(repo.head().files())
        .containsEntry(PROD.valuesPath(), RequestScenarioTest.values("1.4.2"))
        .containsEntry("acme/other/dev/values.yaml", "replicaCount: 1\n");
  }

  @Test
  void aValuesFileChangedOnTheBranchMakesThePendingRequestStaleAndClosesItsPullRequest() {
    Request request = requested();
    repo.externalChange(PROD, RequestScenarioTest.values("1.4.9"));

    helmgate.requests().watchPullRequests();

    Request done = requests.find(request.id()).orElseThrow();
    assertThat(done.state()).isEqualTo(RequestState.STALE);
    PullRequest pr = forge.get(1);
    assertThat(pr.state()).isEqualTo(PullRequest.State.CLOSED);
    assertThat(forge.comments(1)).last().asString().contains("changed on the values branch");
  }

  @Test
  void aPullRequestMergedByAPersonIsFollowedToItsDeployment() {
    forge.opensAs(PullRequest.Mergeable.NO);
    Request request = requested();
    helmgate.requests().approve(request.id(), BOB);
    assertThat(requests.find(request.id()).orElseThrow().state()).isEqualTo(RequestState.EXECUTING);
    assertThat(thread.lines)
        .anySatisfy(l -> assertThat(l).contains("Waiting to merge pull request #1"));

    String merge = forge.mergeByPerson(1).mergeCommitSha().orElseThrow();
    schedules.settle(clock, helmgate.requests()::resume, 100);

    Request done = requests.find(request.id()).orElseThrow();
    assertThat(done.state()).isEqualTo(RequestState.SUCCEEDED);
    assertThat(done.commitId()).contains(merge);
    assertThat(argo.syncs())
        .singleElement()
        .satisfies(s -> assertThat(s.revision()).contains(merge));
    assertThat(thread.lines).anySatisfy(l -> assertThat(l).contains("was merged on the forge"));
  }

  @Test
  void aPullRequestClosedOnTheForgeEndsTheRequestWithThatReasonAndNothingDeployed() {
    forge.opensAs(PullRequest.Mergeable.NO);
    Request request = requested();
    helmgate.requests().approve(request.id(), BOB);

    forge.closeByPerson(1);
    schedules.settle(clock, helmgate.requests()::resume, 100);

    Request done = requests.find(request.id()).orElseThrow();
    assertThat(done.state()).isEqualTo(RequestState.FAILED);
    assertThat(done.outcome()).get().asString().contains("closed on the forge without merging");
    assertThat(argo.syncs()).isEmpty();
    assertThat(repo.commits).hasSize(1);
  }

  @Test
  void aPullRequestTheForgeWillNotMergeIsReadAgainUntilTheBoundThenClosedAsFailed() {
    forge.opensAs(PullRequest.Mergeable.NO);
    Request request = requested();
    helmgate.requests().approve(request.id(), BOB);
    Instant approvedAt = clock.instant();

    schedules.settle(clock, helmgate.requests()::resume, 100);

    Request done = requests.find(request.id()).orElseThrow();
    assertThat(done.state()).isEqualTo(RequestState.FAILED);
    assertThat(done.outcome())
        .get()
        .asString()
        .contains("could not be merged within 10 minutes")
        .contains("does not merge cleanly");
    assertThat(Duration.between(approvedAt, clock.instant()))
        .isBetween(Duration.ofMinutes(9), Duration.ofMinutes(10));
    PullRequest pr = forge.get(1);
    assertThat(pr.state()).isEqualTo(PullRequest.State.CLOSED);
    assertThat(forge.policyStatus(pr.headSha())).contains(CommitStatusState.FAILURE);
    assertThat(forge.comments(1)).last().asString().contains("without merging");
    assertThat(argo.syncs()).isEmpty();
    assertThat(repo.commits).hasSize(1);
  }

  @Test
  void aForgeOutageWhileMergingIsRetriedNotCalledARefusal() {
    forge.opensAs(PullRequest.Mergeable.NO);
    Request request = requested();
    helmgate.requests().approve(request.id(), BOB);
    forge.mergeable(1, PullRequest.Mergeable.YES);
    forge.failNext(new ForgeException(ForgeException.Kind.UNAVAILABLE, "502 Bad Gateway"));

    schedules.settle(clock, helmgate.requests()::resume, 100);

    Request done = requests.find(request.id()).orElseThrow();
    assertThat(done.state()).isEqualTo(RequestState.SUCCEEDED);
    assertThat(forge.get(1).state()).isEqualTo(PullRequest.State.MERGED);
  }

  @Test
  void anOutageRightAfterThePushReusesTheBranchAndOpensOnePullRequest() {
    repo.onBranchPushed =
        (branch, sha) -> {
          forge.pushed(branch, sha);
          forge.failNext(new ForgeException(ForgeException.Kind.UNAVAILABLE, "503 from the forge"));
        };
    Request request = requested();

    Request done = approveAndSettle(request);

    assertThat(done.state()).isEqualTo(RequestState.SUCCEEDED);
    assertThat(repo.branches).hasSize(1);
    assertThat(forge.findOpen("helmgate/" + request.id())).isEmpty();
    assertThat(forge.get(1).state()).isEqualTo(PullRequest.State.MERGED);
    assertThatNoSecondPullRequest();
  }

  private void assertThatNoSecondPullRequest() {
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> forge.get(2))
        .isInstanceOf(ForgeException.class);
  }

  @Test
  void aProdRequestWithoutAForgeFailsInsteadOfPushingPastTheProtection() {
    helmgate =
        new Helmgate(
            helmgatePorts(),
            policyInPullRequestMode(),
            Redaction.defaults(),
            Helmgate.Options.defaults());
    Request request = requested();

    Request done = approveAndSettle(request);

    assertThat(done.state()).isEqualTo(RequestState.FAILED);
    assertThat(done.outcome()).get().asString().contains("no forge configured");
    assertThat(repo.commits).hasSize(1);
  }
}
