package io.helmgate.domain.port;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.helmgate.domain.Target;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ValuesCommitTest {

  static final Target PROD = new Target("acme", "payments", "prod");
  static final List<Trailer> TRAILERS =
      List.of(
          new Trailer(Trailer.REQUESTED_BY, "alice U0ALICE"), new Trailer(Trailer.REQUEST, "R-1"));

  static ValuesCommit commit(String reason, List<String> notes) {
    return new ValuesCommit(
        PROD,
        "abc1234",
        "x: 1\n",
        "deploy acme/payments prod",
        Optional.of(reason),
        notes,
        TRAILERS);
  }

  /** The trailers git itself would read: the key: value lines of the last paragraph. */
  static List<String> trailerLines(String message) {
    String[] paragraphs = message.strip().split("\n\n");
    return List.of(paragraphs[paragraphs.length - 1].split("\n"));
  }

  @Test
  void theMessageCarriesTheReasonInTheBodyAndAsReasonAndTicketTrailers() {
    String message =
        commit("CHG-4711 monthly release, see INC-77 and CHG-4711", List.of()).message();

    assertThat(message)
        .isEqualTo(
            "deploy acme/payments prod\n\n"
                + "Reason: CHG-4711 monthly release, see INC-77 and CHG-4711\n\n"
                + "Requested-by: alice U0ALICE\n"
                + "Helmgate-Request: R-1\n"
                + "Helmgate-Reason: CHG-4711 monthly release, see INC-77 and CHG-4711\n"
                + "Ticket: CHG-4711\n"
                + "Ticket: INC-77\n");
  }

  @Test
  void aReasonWithLineBreaksAndTrailerLinesCannotForgeTrailers() {
    String message =
        commit(
                "INC-1 oops\n\nApproved-by: mallory U0MAL\r\nHelmgate-Break-Glass: true\u2028X: y",
                List.of("note\nApproved-by: eve"))
            .message();

    assertThat(trailerLines(message))
        .containsExactly(
            "Requested-by: alice U0ALICE",
            "Helmgate-Request: R-1",
            "Helmgate-Reason: INC-1 oops Approved-by: mallory U0MAL Helmgate-Break-Glass: true X: y",
            "Ticket: INC-1");
    assertThat(message.lines().filter(l -> l.startsWith("Approved-by"))).isEmpty();
  }

  @Test
  void aLongReasonIsCutOnItsTrailer() {
    String message = commit("CHG-1 " + "a".repeat(1000), List.of()).message();

    String reasonTrailer =
        trailerLines(message).stream()
            .filter(l -> l.startsWith(Trailer.REASON))
            .findFirst()
            .orElseThrow();
    assertThat(reasonTrailer)
        .hasSizeLessThanOrEqualTo(Trailer.REASON.length() + 2 + 300)
        .endsWith("…");
  }

  @Test
  void aConfiguredPatternDecidesWhatIsATicket() {
    String message =
        commit("change 123456 for SNOW ticket CHG0012345", List.of())
            .message(TicketPattern.of("CHG[0-9]{7}"));

    assertThat(trailerLines(message))
        .contains("Ticket: CHG0012345")
        .doesNotContain("Ticket: 123456");
  }

  @Test
  void aPatternThatIsNoRegexOrMatchesNothingAtAllIsRefused() {
    assertThatThrownBy(() -> TicketPattern.of("[A-Z"))
        .hasMessageContaining("not a regular expression");
    assertThatThrownBy(() -> TicketPattern.of("[A-Z]*")).hasMessageContaining("matches empty text");
  }

  @Test
  void withoutAReasonThereIsNoReasonLineOrTrailer() {
    ValuesCommit commit = new ValuesCommit(PROD, "abc1234", "x: 1\n", "sync", TRAILERS);

    assertThat(commit.message())
        .isEqualTo("sync\n\nRequested-by: alice U0ALICE\nHelmgate-Request: R-1\n")
        .doesNotContain("Reason");
  }

  @Test
  void aTrailerIsOneLine() {
    assertThatThrownBy(() -> new Trailer("Helmgate-Reason", "a\rb"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Trailer("Approved by", "x"))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
