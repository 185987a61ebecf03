package io.helmgate.domain.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class HomeWorkspaceTest {

  static final HomeWorkspace ACME = new HomeWorkspace(Optional.of("T0ACME"), Optional.empty());
  static final HomeWorkspace ACME_IN_GRID =
      new HomeWorkspace(Optional.of("T0ACME"), Optional.of("E0BANK"));

  static HomeWorkspace.Origin origin(String team, String userTeam, String enterprise) {
    return new HomeWorkspace.Origin(
        Optional.ofNullable(team), Optional.ofNullable(userTeam), Optional.ofNullable(enterprise));
  }

  @Test
  void aMemberOfTheHomeWorkspaceIsAdmitted() {
    assertThat(ACME.admit(origin("T0ACME", "T0ACME", null)).isAllowed()).isTrue();
    assertThat(ACME.admit(origin("T0ACME", null, null)).isAllowed()).isTrue();
    assertThat(ACME_IN_GRID.admit(origin("T0ACME", "T0ACME", "E0BANK")).isAllowed()).isTrue();
  }

  @Test
  void aRequestMadeInAnotherWorkspaceIsRefusedNamingBoth() {
    Decision d = ACME.admit(origin("T0OTHER", null, null));

    assertThat(d.isDenied()).isTrue();
    assertThat(d.rule()).isEqualTo("home-workspace");
    assertThat(d.message())
        .isEqualTo(
            "Helmgate only takes requests from members of workspace T0ACME; you are in T0OTHER.");
  }

  @Test
  void aPersonFromAnotherWorkspaceInASharedChannelIsRefused() {
    // Slack Connect: the click happens in our workspace's channel, the person belongs elsewhere.
    Decision d = ACME.admit(origin("T0ACME", "T0GUEST", null));

    assertThat(d.isDenied()).isTrue();
    assertThat(d.message()).contains("you are in T0GUEST");
  }

  @Test
  void aRequestFromAnotherOrganisationIsRefused() {
    Decision d = ACME_IN_GRID.admit(origin("T0ACME", "T0ACME", "E0OTHER"));

    assertThat(d.isDenied()).isTrue();
    assertThat(d.message())
        .isEqualTo(
            "Helmgate only takes requests from members of organisation E0BANK; you are in"
                + " organisation E0OTHER.");
  }

  @Test
  void anOrganisationWhereTheInstallationHasNoneIsRefused() {
    assertThat(ACME.admit(origin("T0ACME", "T0ACME", "E0OTHER")).isDenied()).isTrue();
  }

  @Test
  void aRequestThatNamesNoWorkspaceIsRefused() {
    assertThat(ACME.admit(origin(null, null, null)).isDenied()).isTrue();
    assertThat(ACME.admit(origin(" ", "", null)).isDenied()).isTrue();
  }

  @Test
  void anInstallationThatDoesNotKnowItsWorkspaceRefusesEveryone() {
    HomeWorkspace unknown = new HomeWorkspace(Optional.empty(), Optional.empty());

    Decision d = unknown.admit(origin("T0ACME", "T0ACME", null));

    assertThat(d.isDenied()).isTrue();
    assertThat(d.message()).contains("cannot tell which Slack workspace");
  }
}
