package io.helmgate.bot.slack.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.slack.api.model.view.View;
import com.slack.api.util.json.GsonFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Golden JSON files: what the Slack SDK sends for a rendered message or view, pretty-printed, in
 * {@code src/test/resources/io/helmgate/bot/slack/render/golden/}. After an intended change of a
 * message, rewrite them and review the diff:
 *
 * <pre>./mvnw -o -B -pl bot -am test -Dtest='io.helmgate.bot.slack.render.*Test' \
 *     -Dsurefire.failIfNoSpecifiedTests=false -DupdateGolden=true</pre>
 */
final class Golden {

  static final Path DIR = Path.of("src/test/resources/io/helmgate/bot/slack/render/golden");

  /** The SDK's own serialisation, as {@code chat.postMessage} and {@code views.open} send it. */
  private static final Gson SLACK = GsonFactory.createSnakeCase();

  private static final Gson PRETTY =
      new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create();

  private Golden() {}

  static String json(Rendered rendered) {
    JsonObject root = new JsonObject();
    root.addProperty("text", rendered.text());
    root.add("blocks", SLACK.toJsonTree(rendered.blocks()));
    return PRETTY.toJson(root) + "\n";
  }

  static String json(View view) {
    return PRETTY.toJson(SLACK.toJsonTree(view)) + "\n";
  }

  static JsonElement tree(String json) {
    return PRETTY.fromJson(json, JsonElement.class);
  }

  /** Compares with {@code name.json}, or rewrites it when {@code -DupdateGolden=true}. */
  static void assertMatches(String name, String actual) {
    Path file = DIR.resolve(name + ".json");
    try {
      if (Boolean.getBoolean("updateGolden")) {
        Files.createDirectories(DIR);
        Files.writeString(file, actual, StandardCharsets.UTF_8);
        return;
      }
      if (!Files.exists(file)) {
        fail(
            "no golden file "
                + file
                + "; run the test with -DupdateGolden=true to create it, then review it");
      }
      assertThat(actual)
          .as("rendered JSON differs from %s (rewrite with -DupdateGolden=true)", file)
          .isEqualTo(Files.readString(file, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
