package io.helmgate.domain.policy;

import java.util.Objects;
import java.util.Optional;

/**
 * The chat workspace (and, on Enterprise Grid, the organisation) Helmgate is installed in. Only its
 * own members may ask anything: roles come from its user groups, so a person from another workspace
 * or organisation (a Slack Connect shared channel lets them click buttons) holds none of them, and
 * an id from elsewhere could even collide with a local one.
 *
 * @param teamId the installation's workspace id ({@code T…}); empty when it could not be learnt
 * @param enterpriseId the installation's organisation id ({@code E…}), when it has one
 */
public record HomeWorkspace(Optional<String> teamId, Optional<String> enterpriseId) {

  /** The rule name a refusal carries in the reply and the audit trail. */
  public static final String RULE = "home-workspace";

  public HomeWorkspace {
    teamId = blankless(teamId);
    enterpriseId = blankless(enterpriseId);
  }

  /**
   * Where one request or click comes from, as the chat stated it: the workspace it was made in, the
   * person's own workspace, and the organisation. Any of them may be unstated.
   */
  public record Origin(
      Optional<String> teamId, Optional<String> userTeamId, Optional<String> enterpriseId) {
    public Origin {
      teamId = blankless(teamId);
      userTeamId = blankless(userTeamId);
      enterpriseId = blankless(enterpriseId);
    }
  }

  /**
   * Allowed when everything {@code origin} states is this workspace and organisation; denied,
   * naming both sides, otherwise. Fails closed when this installation's workspace is unknown or the
   * origin states no workspace at all.
   */
  public Decision admit(Origin origin) {
    Objects.requireNonNull(origin, "origin");
    if (teamId.isEmpty()) {
      return Decision.denied(
          RULE,
          "Helmgate cannot tell which Slack workspace it is installed in (auth.test did not say),"
              + " so it takes no requests. Ask the Helmgate administrators to check its bot token.");
    }
    String home = teamId.get();
    Optional<String> foreignTeam =
        origin
            .userTeamId()
            .filter(t -> !t.equals(home))
            .or(() -> origin.teamId().filter(t -> !t.equals(home)));
    if (foreignTeam.isPresent()) {
      return Decision.denied(
          RULE,
          "Helmgate only takes requests from members of workspace "
              + home
              + "; you are in "
              + foreignTeam.get()
              + ".");
    }
    if (origin.teamId().isEmpty() && origin.userTeamId().isEmpty()) {
      return Decision.denied(
          RULE,
          "Helmgate only takes requests from members of workspace "
              + home
              + "; this request does not say which workspace you are in.");
    }
    if (origin.enterpriseId().isPresent() && !origin.enterpriseId().equals(enterpriseId)) {
      return Decision.denied(
          RULE,
          "Helmgate only takes requests from members of "
              + enterpriseId.map(e -> "organisation " + e).orElse("workspace " + home)
              + "; you are in organisation "
              + origin.enterpriseId().get()
              + ".");
    }
    return Decision.allowed(RULE, "a member of workspace " + home);
  }

  private static Optional<String> blankless(Optional<String> id) {
    return Objects.requireNonNull(id, "id").map(String::strip).filter(s -> !s.isEmpty());
  }
}
