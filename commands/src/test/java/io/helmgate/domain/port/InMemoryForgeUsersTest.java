package io.helmgate.domain.port;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The fake that the domain's tests use maps only what a test mapped, and can play an outage. */
class InMemoryForgeUsersTest {

  static Review approvalBy(String login) {
    return new Review(
        login, Optional.empty(), Review.Verdict.APPROVED, Optional.empty(), Optional.empty());
  }

  @Test
  void aMappedLoginIsItsSlackUserAndAnUnmappedOneIsNobody() {
    InMemoryForgeUsers users = new InMemoryForgeUsers().map("ops-bob", "U0BOB");

    assertThat(users.slackUserOf(approvalBy("Ops-Bob"))).contains("U0BOB");
    assertThat(users.slackUserOf(approvalBy("ops-eve"))).isEmpty();
    assertThat(users.asked()).isEqualTo(2);
  }

  @Test
  void anOutageIsAnExceptionNotAnEmptyAnswer() {
    InMemoryForgeUsers users = new InMemoryForgeUsers().map("ops-bob", "U0BOB").unavailable(true);

    assertThatThrownBy(() -> users.slackUserOf(approvalBy("ops-bob")))
        .isInstanceOf(DirectoryUnavailableException.class);
  }
}
