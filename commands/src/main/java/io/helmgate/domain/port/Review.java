package io.helmgate.domain.port;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One verdict a forge user gave on a pull request. Helmgate maps {@code login} (or {@code email})
 * to a Slack user before it counts; the forge's own idea of who may approve counts for nothing.
 *
 * @param login the forge user's login (GitHub login, GitLab username, Bitbucket user slug)
 * @param email the user's e-mail address when the forge discloses it
 * @param submittedAt when the verdict was given, when the forge says
 * @param commitSha the head commit the verdict was given on, when the forge says; a verdict on an
 *     older commit does not approve a newer one
 */
public record Review(
    String login,
    Optional<String> email,
    Verdict verdict,
    Optional<Instant> submittedAt,
    Optional<String> commitSha) {

  public Review {
    Objects.requireNonNull(login, "login");
    Objects.requireNonNull(verdict, "verdict");
    email = email == null ? Optional.empty() : email;
    submittedAt = submittedAt == null ? Optional.empty() : submittedAt;
    commitSha = commitSha == null ? Optional.empty() : commitSha;
  }

  /** What the reviewer said. */
  public enum Verdict {
    APPROVED,
    /** Counts as a rejection of the request. */
    CHANGES_REQUESTED,
    COMMENTED
  }
}
