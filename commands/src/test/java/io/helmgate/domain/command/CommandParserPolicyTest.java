package io.helmgate.domain.command;

import static io.helmgate.domain.command.Fixtures.parsed;
import static io.helmgate.domain.command.Fixtures.parser;
import static io.helmgate.domain.command.Fixtures.refusal;
import static org.assertj.core.api.Assertions.assertThat;

import io.helmgate.domain.command.Command.ShowPolicy;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code /deploy policy [<env>]}: the forms that parse and the mistakes that are explained. */
class CommandParserPolicyTest {

  private static ParseResult deploy(String text) {
    return parser().parse("/deploy", text);
  }

  @Test
  void policyAloneShowsEveryEnvironment() {
    assertThat(parsed(deploy("policy"))).isEqualTo(new ShowPolicy(Optional.empty()));
  }

  @Test
  void policyWithAnEnvironmentShowsThatOne() {
    assertThat(parsed(deploy("policy prod"))).isEqualTo(new ShowPolicy(Optional.of("prod")));
  }

  @Test
  void theSubCommandIsCaseInsensitiveButTheEnvironmentIsNot() {
    assertThat(parsed(deploy("  POLICY   staging ")))
        .isEqualTo(new ShowPolicy(Optional.of("staging")));
  }

  @Test
  void theCanonicalTextParsesToAnEqualCommand() {
    ShowPolicy command = new ShowPolicy(Optional.of("qa"));

    assertThat(command.text()).isEqualTo("policy qa");
    assertThat(command.commandLine()).isEqualTo("/deploy policy qa");
    assertThat(parsed(deploy(command.text()))).isEqualTo(command);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          two environments are one too many     | policy prod qa          | Unexpected `qa` after `/deploy policy prod`
          an invalid environment name           | policy Prod             | `Prod`
          a product where the environment goes  | policy acme/payments    | the policy is set per environment
          a product before the environment      | policy acme/payments prod | name only the environment, for example `/deploy policy prod`
          an option it does not take            | policy prod since=2026-01-01 | `/deploy policy` does not take `since=`
          a value setting                       | policy image.tag=1.4.2  | `/deploy policy` does not set values
          break-glass                           | policy prod break-glass | `/deploy policy` has no `break-glass`
          """)
  void isRefusedWithWhatToTypeInstead(String specification, String text, String expected) {
    String message = refusal(deploy(text));

    assertThat(message).contains(expected);
    if (!specification.equals("an invalid environment name")) {
      assertThat(message).contains("Usage: `/deploy policy [<env>]`. Try: `/deploy policy`");
    }
  }

  @Test
  void helpListsThePolicyCommandWithAnExample() {
    String help = Fixtures.plain(CommandParser.help("/deploy"));

    assertThat(help)
        .contains("`/deploy policy [<env>]`: the rules in force")
        .contains("`/deploy policy prod`");
  }
}
