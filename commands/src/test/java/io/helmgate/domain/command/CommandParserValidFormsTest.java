package io.helmgate.domain.command;

import static io.helmgate.domain.command.Fixtures.parsed;
import static io.helmgate.domain.command.Fixtures.parser;
import static org.assertj.core.api.Assertions.assertThat;

import io.helmgate.domain.RequestId;
import io.helmgate.domain.Target;
import io.helmgate.domain.command.Command.Audit;
import io.helmgate.domain.command.Command.Cancel;
import io.helmgate.domain.command.Command.Deploy;
import io.helmgate.domain.command.Command.Evidence;
import io.helmgate.domain.command.Command.Lock;
import io.helmgate.domain.command.Command.OpenForm;
import io.helmgate.domain.command.Command.Pending;
import io.helmgate.domain.command.Command.Rollback;
import io.helmgate.domain.command.Command.SodReport;
import io.helmgate.domain.command.Command.Status;
import io.helmgate.domain.command.Command.Unlock;
import io.helmgate.domain.command.ParseResult.Help;
import io.helmgate.domain.request.RequestKind;
import io.helmgate.domain.values.KeyPath;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CommandParserValidFormsTest {

  private static final Target PROD = new Target("acme", "payments", "prod");

  private static Command deploy(String text) {
    return parsed(parser().parse("/deploy", text));
  }

  private static Command rollback(String text) {
    return parsed(parser().parse("/rollback", text));
  }

  @Nested
  class Deploying {

    @Test
    void targetAloneMeansSyncAsItIs() {
      Deploy deploy = (Deploy) deploy("acme/payments prod");

      assertThat(deploy)
          .isEqualTo(
              new Deploy(
                  PROD, Optional.empty(), Map.of(), Optional.empty(), Optional.empty(), false));
      assertThat(deploy.kind()).isEqualTo(RequestKind.SYNC);
    }

    @Test
    void fromPromotesAnotherEnvironmentWithAQuotedReason() {
      Deploy deploy = (Deploy) deploy("acme/payments prod from=staging reason=\"CHG-1234\"");

      assertThat(deploy.from()).contains("staging");
      assertThat(deploy.reason()).contains("CHG-1234");
      assertThat(deploy.kind()).isEqualTo(RequestKind.DEPLOY);
    }

    @Test
    void keyValuesAreKeptInTheOrderTyped() {
      Deploy deploy =
          (Deploy)
              deploy(
                  "acme/payments qa replicaCount=3 image.tag=1.4.2"
                      + " resources.limits.memory=512Mi");

      assertThat(deploy.values().keySet())
          .extracting(KeyPath::toString)
          .containsExactly("replicaCount", "image.tag", "resources.limits.memory");
      assertThat(deploy.values()).containsEntry(KeyPath.of("image.tag"), "1.4.2");
      assertThat(deploy.kind()).isEqualTo(RequestKind.DEPLOY);
    }

    @Test
    void fromAndExplicitKeysMayBeCombined() {
      Deploy deploy = (Deploy) deploy("acme/payments prod from=staging replicaCount=4");

      assertThat(deploy.from()).contains("staging");
      assertThat(deploy.values()).containsEntry(KeyPath.of("replicaCount"), "4");
    }

    @Test
    void optionsMayComeInAnyOrderAndBeforeTheTarget() {
      Command forwards = deploy("acme/payments prod from=staging reason=\"CHG-1\"");
      Command backwards = deploy("reason=\"CHG-1\" from=staging acme/payments prod");

      assertThat(backwards).isEqualTo(forwards);
    }

    @Test
    void breakGlassWithAReasonIsAccepted() {
      Deploy deploy =
          (Deploy)
              deploy("acme/payments prod image.tag=1.4.3 reason=\"INC-77 outage\" break-glass");

      assertThat(deploy.breakGlass()).isTrue();
      assertThat(deploy.reason()).contains("INC-77 outage");
    }

    @Test
    void keywordsAreCaseInsensitiveButKeysKeepTheirCase() {
      Deploy deploy =
          (Deploy) deploy("acme/payments prod FROM=staging Reason=\"CHG-1\" BREAK-GLASS fooBar=1");

      assertThat(deploy.from()).contains("staging");
      assertThat(deploy.reason()).contains("CHG-1");
      assertThat(deploy.breakGlass()).isTrue();
      assertThat(deploy.values()).containsOnlyKeys(KeyPath.of("fooBar"));
    }

    @Test
    void smartQuotesFromPhonesAndSlackAreQuotes() {
      assertThat(((Deploy) deploy("acme/payments prod reason=“CHG-1234 monthly release”")).reason())
          .contains("CHG-1234 monthly release");
      assertThat(((Deploy) deploy("acme/payments prod reason=„CHG-1234 Monatsrelease“")).reason())
          .contains("CHG-1234 Monatsrelease");
      assertThat(((Deploy) deploy("acme/payments prod reason=‘CHG-1234 monthly’")).reason())
          .contains("CHG-1234 monthly");
      assertThat(((Deploy) deploy("acme/payments prod reason=«CHG-1234 mensuel»")).reason())
          .contains("CHG-1234 mensuel");
    }

    @Test
    void singleQuotesAndEscapedDoubleQuotesKeepTheirText() {
      assertThat(((Deploy) deploy("acme/payments prod reason='CHG-1 \"big\" one'")).reason())
          .contains("CHG-1 \"big\" one");
      assertThat(((Deploy) deploy("acme/payments prod reason=\"CHG-1 \\\"big\\\" one\"")).reason())
          .contains("CHG-1 \"big\" one");
    }

    @Test
    void anApostropheInsideAnUnquotedWordIsText() {
      assertThat(((Deploy) deploy("acme/payments prod reason=don’t-wait")).reason())
          .contains("don’t-wait");
    }

    @Test
    void quotedValuesAreTheValueWithoutQuotes() {
      Deploy deploy = (Deploy) deploy("acme/payments prod image.tag=\"1.4.2\"");

      assertThat(deploy.values()).containsEntry(KeyPath.of("image.tag"), "1.4.2");
    }

    @Test
    void noBreakAndWideSpacesSeparateWordsAndOuterSpaceIsIgnored() {
      assertThat(deploy("  acme/payments\u00A0prod\tfrom=staging\u3000 "))
          .isEqualTo(deploy("acme/payments prod from=staging"));
    }

    @Test
    void theReasonIsTrimmedAndKeepsNonAsciiText() {
      assertThat(((Deploy) deploy("acme/payments prod reason=\"  Zürich release 🚀 \"")).reason())
          .contains("Zürich release 🚀");
    }

    @Test
    void typicalValuesAreAccepted() {
      Deploy deploy =
          (Deploy)
              deploy(
                  "acme/payments prod image.tag=v2.0.0-rc.1"
                      + " image.digest=sha256:"
                      + "a3ed95caeb02ffe68cdd9fd84406680ae93d633cb16422d00e8a7c22955b46d4"
                      + " image.repository=registry.example.org/acme/payments replicaCount=3"
                      + " featureFlags.newCheckout=true resources.limits.memory=512Mi"
                      + " ingress.host=payments.prod.acme.example");

      assertThat(deploy.values()).hasSize(7);
    }

    @Test
    void theSlashCommandIsReadCaseInsensitively() {
      assertThat(parsed(parser().parse("/Deploy", "acme/payments prod")))
          .isEqualTo(deploy("acme/payments prod"));
    }
  }

  @Nested
  class SubCommands {

    @Test
    void statusOfAnApplication() {
      assertThat(deploy("status acme/payments"))
          .isEqualTo(new Status("acme", "payments", Optional.empty()));
    }

    @Test
    void statusOfOneEnvironment() {
      assertThat(deploy("status acme/payments prod"))
          .isEqualTo(new Status("acme", "payments", Optional.of("prod")));
    }

    @Test
    void subCommandsAreCaseInsensitiveForPhonesThatCapitaliseTheFirstWord() {
      assertThat(deploy("Status acme/payments prod"))
          .isEqualTo(deploy("status acme/payments prod"));
    }

    @Test
    void pending() {
      assertThat(deploy("pending")).isEqualTo(new Pending());
    }

    @ParameterizedTest
    @ValueSource(strings = {"R-42", "r-42", "R42"})
    void cancelReadsTheRequestIdInItsTypeableForms(String id) {
      assertThat(deploy("cancel " + id)).isEqualTo(new Cancel(new RequestId(42)));
    }

    @Test
    void lockForADurationWithAReason() {
      assertThat(deploy("lock acme/payments prod for=1h30m reason=\"INC-77 investigating\""))
          .isEqualTo(new Lock(PROD, Duration.ofMinutes(90), "INC-77 investigating"));
    }

    @Test
    void lockDurationsInDaysHoursAndMinutes() {
      assertThat(((Lock) deploy("lock acme/payments prod for=30m reason=x")).duration())
          .isEqualTo(Duration.ofMinutes(30));
      assertThat(((Lock) deploy("lock acme/payments prod for=2h reason=x")).duration())
          .isEqualTo(Duration.ofHours(2));
      assertThat(((Lock) deploy("lock acme/payments prod for=1d reason=x")).duration())
          .isEqualTo(Duration.ofDays(1));
      assertThat(((Lock) deploy("lock acme/payments prod for=7d reason=x")).duration())
          .isEqualTo(Duration.ofDays(7));
      assertThat(((Lock) deploy("lock acme/payments prod for=1d2h3m reason=x")).duration())
          .isEqualTo(Duration.ofDays(1).plusHours(2).plusMinutes(3));
    }

    @Test
    void unlock() {
      assertThat(deploy("unlock acme/payments prod")).isEqualTo(new Unlock(PROD));
    }

    @Test
    void auditOfAnApplicationSinceADate() {
      assertThat(deploy("audit acme/payments since=2026-01-01"))
          .isEqualTo(
              new Audit(
                  "acme", "payments", Optional.empty(), Optional.of(LocalDate.of(2026, 1, 1))));
    }

    @Test
    void auditOfOneEnvironmentWithoutDate() {
      assertThat(deploy("audit acme/payments prod"))
          .isEqualTo(new Audit("acme", "payments", Optional.of("prod"), Optional.empty()));
    }

    @Test
    void auditSinceTodayIsAccepted() {
      assertThat(((Audit) deploy("audit acme/payments since=2026-11-30")).since())
          .contains(LocalDate.of(2026, 11, 30));
    }

    @Test
    void evidence() {
      assertThat(deploy("evidence R-7")).isEqualTo(new Evidence(new RequestId(7)));
    }

    @Test
    void sodReport() {
      assertThat(deploy("sod-report")).isEqualTo(new SodReport());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", "\t"})
    void deployWithoutTextOpensTheForm(String text) {
      assertThat(deploy(text)).isEqualTo(new OpenForm());
    }

    @Test
    void deployWithNullTextOpensTheForm() {
      assertThat(parsed(parser().parse("/deploy", null))).isEqualTo(new OpenForm());
    }

    @Test
    void helpForDeployAndRollback() {
      assertThat(parser().parse("/deploy", "help"))
          .isEqualTo(new Help(CommandParser.help("/deploy")));
      assertThat(parser().parse("/deploy", "HELP")).isInstanceOf(Help.class);
      assertThat(parser().parse("/rollback", "help"))
          .isEqualTo(new Help(CommandParser.help("/rollback")));
    }
  }

  @Nested
  class RollingBack {

    @Test
    void toThePreviousValues() {
      assertThat(rollback("acme/payments prod reason=\"INC-77 errors\""))
          .isEqualTo(new Rollback(PROD, Optional.empty(), Optional.of("INC-77 errors"), false));
    }

    @Test
    void withoutAReason() {
      assertThat(rollback("acme/payments prod"))
          .isEqualTo(new Rollback(PROD, Optional.empty(), Optional.empty(), false));
    }

    @Test
    void toACommitInShortOrFullFormLowerCased() {
      assertThat(((Rollback) rollback("acme/payments prod to=3F2A9C1")).to()).contains("3f2a9c1");
      String full = "3f2a9c1d5e6f7a8b9c0d1e2f3a4b5c6d7e8f9a0b";
      assertThat(((Rollback) rollback("acme/payments prod to=" + full)).to()).contains(full);
    }

    @Test
    void breakGlassWithAReason() {
      Rollback rollback = (Rollback) rollback("acme/payments prod break-glass reason=\"INC-77\"");

      assertThat(rollback.breakGlass()).isTrue();
      assertThat(rollback.reason()).contains("INC-77");
    }
  }

  @Test
  void everyCommandsCanonicalTextParsesBackToTheSameCommand() {
    List<String> deployTexts =
        List.of(
            "acme/payments prod",
            "acme/payments prod from=staging image.tag=1.4.2 at=22:00 reason=\"a \\\"b\\\" \\\\c\""
                + " break-glass",
            "status acme/payments",
            "status acme/payments prod",
            "pending",
            "cancel R-42",
            "lock acme/payments prod for=1d2h30m reason=\"INC-77\"",
            "unlock acme/payments prod",
            "audit acme/payments prod since=2026-01-01",
            "evidence R-42",
            "sod-report",
            "");
    for (String text : deployTexts) {
      Command command = deploy(text);
      assertThat(parsed(parser().parse(command.slashCommand(), command.text())))
          .as(command.commandLine())
          .isEqualTo(command);
    }
    Command rollback = rollback("acme/payments prod to=3f2a9c1 reason=\"INC-77\" break-glass");
    assertThat(parsed(parser().parse("/rollback", rollback.text()))).isEqualTo(rollback);
    assertThat(rollback.commandLine())
        .isEqualTo("/rollback acme/payments prod to=3f2a9c1 reason=\"INC-77\" break-glass");
  }
}
