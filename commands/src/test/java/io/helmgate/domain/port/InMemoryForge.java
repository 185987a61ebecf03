package io.helmgate.domain.port;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A {@link Forge} in memory that behaves like a protected base branch: a merge needs the head's
 * {@code helmgate/policy} status to be SUCCESS, and fails with CONFLICT when the head moved. Tests
 * play the people on the forge with {@link #review}, {@link #push}, {@link #mergeByPerson} and
 * {@link #closeByPerson}, and read what Helmgate did from {@link #comments}, {@link #statuses}.
 */
public final class InMemoryForge implements Forge {

  /** One status Helmgate set. */
  public record Status(String sha, CommitStatusState state, String description, String targetUrl) {}

  private final Map<Long, PullRequest> pulls = new LinkedHashMap<>();
  private final Map<Long, List<Review>> reviews = new LinkedHashMap<>();
  private final Map<Long, List<String>> comments = new LinkedHashMap<>();
  private final List<Status> statuses = new ArrayList<>();
  private final Map<String, String> headsByBranch = new LinkedHashMap<>();
  private long next = 1;
  private int mergeCommits;
  private ForgeException nextFailure;
  private java.util.function.Function<PullRequest, String> mergeCommit =
      pr -> String.format("%040x", ++mergeCommits);

  /** Makes each merge's commit with {@code maker}, e.g. a merge in a values repository fake. */
  public void mergeCommitsWith(java.util.function.Function<PullRequest, String> maker) {
    mergeCommit = maker;
  }

  private PullRequest.Mergeable opensAs = PullRequest.Mergeable.YES;

  /**
   * New pull requests open with {@code mergeable} (e.g. NO: conflicts, or checks still running).
   */
  public void opensAs(PullRequest.Mergeable mergeable) {
    opensAs = mergeable;
  }

  /** The forge's view of whether the pull request merges cleanly changes. */
  public void mergeable(long number, PullRequest.Mergeable mergeable) {
    PullRequest pr = existing(number);
    pulls.put(
        number,
        new PullRequest(
            pr.number(),
            pr.url(),
            pr.state(),
            pr.headSha(),
            pr.headBranch(),
            pr.baseBranch(),
            mergeable,
            pr.mergeCommitSha()));
  }

  /**
   * The branch as the git adapter pushed it; {@link #open} needs it, and an open pull request of
   * the branch shows the new head, as a forge does.
   */
  public void pushed(String branch, String sha) {
    headsByBranch.put(branch, sha);
    pulls.replaceAll(
        (n, pr) ->
            pr.state() == PullRequest.State.OPEN && pr.headBranch().equals(branch)
                ? new PullRequest(
                    pr.number(),
                    pr.url(),
                    pr.state(),
                    sha,
                    pr.headBranch(),
                    pr.baseBranch(),
                    pr.mergeable(),
                    pr.mergeCommitSha())
                : pr);
  }

  /** Makes the next call fail with {@code failure} (e.g. UNAVAILABLE, RATE_LIMITED). */
  public void failNext(ForgeException failure) {
    nextFailure = failure;
  }

  private final List<PullRequestDraft> drafts = new ArrayList<>();

  /** Every pull request asked for, in order: title and description as Helmgate wrote them. */
  public List<PullRequestDraft> drafts() {
    return List.copyOf(drafts);
  }

  @Override
  public PullRequest open(PullRequestDraft draft) {
    maybeFail();
    drafts.add(draft);
    String head = headsByBranch.get(draft.headBranch());
    if (head == null) {
      throw new ForgeException(
          ForgeException.Kind.VALIDATION, "head branch " + draft.headBranch() + " was not pushed");
    }
    if (findOpen(draft.headBranch()).isPresent()) {
      throw new ForgeException(
          ForgeException.Kind.VALIDATION,
          "A pull request already exists for " + draft.headBranch());
    }
    long number = next++;
    PullRequest pr =
        new PullRequest(
            number,
            "https://forge.example/pulls/" + number,
            PullRequest.State.OPEN,
            head,
            draft.headBranch(),
            draft.baseBranch(),
            opensAs,
            Optional.empty());
    pulls.put(number, pr);
    reviews.put(number, new ArrayList<>());
    comments.put(number, new ArrayList<>());
    return pr;
  }

  @Override
  public Optional<PullRequest> findOpen(String headBranch) {
    maybeFail();
    return pulls.values().stream()
        .filter(p -> p.state() == PullRequest.State.OPEN && p.headBranch().equals(headBranch))
        .findFirst();
  }

  @Override
  public PullRequest get(long number) {
    maybeFail();
    return existing(number);
  }

  @Override
  public List<Review> reviews(long number) {
    maybeFail();
    existing(number);
    return List.copyOf(reviews.get(number));
  }

  @Override
  public void setPolicyStatus(
      String sha, CommitStatusState state, String description, String targetUrl) {
    maybeFail();
    statuses.add(new Status(sha, state, description, targetUrl));
  }

  @Override
  public void comment(long number, String text) {
    maybeFail();
    existing(number);
    comments.get(number).add(text);
  }

  @Override
  public PullRequest merge(long number, String expectedHeadSha) {
    maybeFail();
    PullRequest pr = existing(number);
    if (pr.state() != PullRequest.State.OPEN) {
      throw new ForgeException(ForgeException.Kind.NOT_MERGEABLE, "pull request is not open");
    }
    if (!pr.headSha().equals(expectedHeadSha)) {
      throw new ForgeException(ForgeException.Kind.CONFLICT, "head moved to " + pr.headSha());
    }
    if (policyStatus(pr.headSha()).orElse(null) != CommitStatusState.SUCCESS) {
      throw new ForgeException(
          ForgeException.Kind.NOT_MERGEABLE,
          "Required status check \"" + POLICY_CHECK + "\" is expected.");
    }
    return mergeNow(pr);
  }

  @Override
  public void close(long number, String reason) {
    comment(number, reason);
    PullRequest pr = existing(number);
    pulls.put(number, with(pr, PullRequest.State.CLOSED, Optional.empty()));
  }

  /** A reviewer on the forge gives a verdict on the current head. */
  public void review(long number, String login, Review.Verdict verdict, Instant at) {
    PullRequest pr = existing(number);
    reviews
        .get(number)
        .add(
            new Review(
                login, Optional.empty(), verdict, Optional.of(at), Optional.of(pr.headSha())));
  }

  /** Someone pushes to the head branch. */
  public void push(long number, String newHead) {
    PullRequest pr = existing(number);
    headsByBranch.put(pr.headBranch(), newHead);
    pulls.put(
        number,
        new PullRequest(
            pr.number(),
            pr.url(),
            pr.state(),
            newHead,
            pr.headBranch(),
            pr.baseBranch(),
            pr.mergeable(),
            pr.mergeCommitSha()));
  }

  /** A person merges on the forge (protection still applies there, but that is theirs to check). */
  public PullRequest mergeByPerson(long number) {
    return mergeNow(existing(number));
  }

  /** A person closes the pull request on the forge. */
  /** A person points the pull request at another base branch (the forge lets them). */
  public void retarget(long number, String base) {
    PullRequest pr = existing(number);
    pulls.put(
        number,
        new PullRequest(
            pr.number(),
            pr.url(),
            pr.state(),
            pr.headSha(),
            pr.headBranch(),
            base,
            pr.mergeable(),
            pr.mergeCommitSha()));
  }

  public void closeByPerson(long number) {
    PullRequest pr = existing(number);
    pulls.put(number, with(pr, PullRequest.State.CLOSED, Optional.empty()));
  }

  public List<String> comments(long number) {
    return List.copyOf(comments.getOrDefault(number, List.of()));
  }

  public List<Status> statuses() {
    return List.copyOf(statuses);
  }

  /** The newest {@code helmgate/policy} state on {@code sha}, as the forge shows it. */
  public Optional<CommitStatusState> policyStatus(String sha) {
    CommitStatusState last = null;
    for (Status s : statuses) {
      if (s.sha().equals(sha)) {
        last = s.state();
      }
    }
    return Optional.ofNullable(last);
  }

  private PullRequest mergeNow(PullRequest pr) {
    String commit = mergeCommit.apply(pr);
    PullRequest merged = with(pr, PullRequest.State.MERGED, Optional.of(commit));
    pulls.put(pr.number(), merged);
    return merged;
  }

  private PullRequest existing(long number) {
    PullRequest pr = pulls.get(number);
    if (pr == null) {
      throw new ForgeException(ForgeException.Kind.NOT_FOUND, "no pull request " + number);
    }
    return pr;
  }

  private static PullRequest with(
      PullRequest pr, PullRequest.State state, Optional<String> mergeCommit) {
    return new PullRequest(
        pr.number(),
        pr.url(),
        state,
        pr.headSha(),
        pr.headBranch(),
        pr.baseBranch(),
        state == PullRequest.State.OPEN ? pr.mergeable() : PullRequest.Mergeable.UNKNOWN,
        mergeCommit);
  }

  private void maybeFail() {
    ForgeException failure = nextFailure;
    nextFailure = null;
    if (failure != null) {
      throw failure;
    }
  }
}
