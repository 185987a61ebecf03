package io.helmgate.bot.logging;

import static org.assertj.core.api.Assertions.assertThat;

import io.helmgate.bot.HelmgateApplication;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Production logs are one JSON object per line carrying the request id; development logs stay
 * plain.
 */
@ExtendWith(OutputCaptureExtension.class)
class StructuredLoggingTest {

  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final Logger LOG = LoggerFactory.getLogger(StructuredLoggingTest.class);

  private static ConfigurableApplicationContext start(String... profiles) {
    return new SpringApplicationBuilder(HelmgateApplication.class)
        .profiles(profiles)
        .properties(
            "spring.datasource.url=jdbc:h2:mem:logging;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE")
        // arguments, not default properties, which application.yml's fixed ports would beat
        .run("--server.port=0", "--management.server.port=0");
  }

  @Test
  void prodProfileLogsEveryLineAsJsonWithTheRequestIdWhileItIsSet(CapturedOutput output) {
    try (ConfigurableApplicationContext context = start("prod")) {
      MDC.put("requestId", "R-42");
      try {
        LOG.info("promotion of acme/payments prod approved");
      } finally {
        MDC.remove("requestId");
      }
      LOG.info("idle again");
    }

    List<JsonNode> lines = jsonLines(output.getOut());
    assertThat(lines).hasSizeGreaterThan(2);

    JsonNode during = withMessage(lines, "promotion of acme/payments prod approved");
    assertThat(during.path("requestId").asString()).isEqualTo("R-42");
    assertThat(during.path("log").path("level").asString()).isEqualTo("INFO");
    assertThat(during.path("service").path("name").asString()).isEqualTo("helmgate");
    assertThat(during.has("@timestamp")).isTrue();

    assertThat(withMessage(lines, "idle again").has("requestId")).isFalse();
  }

  @Test
  void defaultProfileLogsPlainText(CapturedOutput output) {
    try (ConfigurableApplicationContext context = start()) {
      LOG.info("plain for people at a terminal");
    }

    String line =
        output
            .getOut()
            .lines()
            .filter(l -> l.contains("plain for people at a terminal"))
            .findFirst()
            .orElseThrow();
    assertThat(line).doesNotStartWith("{").contains(" INFO ");
  }

  /** Parses every non-empty line of standard output; any line that is not JSON fails the test. */
  private static List<JsonNode> jsonLines(String out) {
    return Arrays.stream(out.split("\\R"))
        .filter(line -> !line.isBlank())
        .map(
            line -> {
              assertThat(line).as("every production log line is a JSON object").startsWith("{");
              return JSON.readTree(line);
            })
        .toList();
  }

  private static JsonNode withMessage(List<JsonNode> lines, String message) {
    return lines.stream()
        .filter(node -> message.equals(node.path("message").asString()))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no JSON line with message: " + message));
  }
}
