package io.helmgate.bot.slack.render;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.util.Map;

/**
 * Slack's documented Block Kit limits, checked on the JSON the SDK sends. Slack refuses a whole
 * message for one field over its limit, so every golden test runs these checks.
 */
final class BlockKitLimits {

  private BlockKitLimits() {}

  /** A message: text plus at most 50 blocks. */
  static void checkMessage(String json) {
    JsonObject root = Golden.tree(json).getAsJsonObject();
    assertThat(root.get("text").getAsString())
        .as("message text")
        .isNotBlank()
        .hasSizeLessThan(4000);
    checkBlocks(root.getAsJsonArray("blocks"), Kit.MESSAGE_BLOCKS);
  }

  /** A modal or the App Home tab: at most 100 blocks, short titles. */
  static void checkView(String json) {
    JsonObject view = Golden.tree(json).getAsJsonObject();
    String type = view.get("type").getAsString();
    assertThat(type).isIn("modal", "home");
    JsonArray blocks = view.getAsJsonArray("blocks");
    checkBlocks(blocks, Kit.VIEW_BLOCKS);
    if (type.equals("modal")) {
      assertThat(text(view, "title")).hasSizeBetween(1, 24);
      if (view.has("submit")) {
        assertThat(text(view, "submit")).hasSizeBetween(1, 24);
      }
      if (view.has("close")) {
        assertThat(text(view, "close")).hasSizeBetween(1, 24);
      }
      boolean hasInput = false;
      for (JsonElement b : blocks) {
        hasInput |= b.getAsJsonObject().get("type").getAsString().equals("input");
      }
      assertThat(view.has("submit") || !hasInput).as("a modal with inputs needs submit").isTrue();
      assertThat(view.get("callback_id").getAsString()).hasSizeLessThanOrEqualTo(255);
    }
    if (view.has("private_metadata")) {
      assertThat(view.get("private_metadata").getAsString()).hasSizeLessThanOrEqualTo(3000);
    }
  }

  private static void checkBlocks(JsonArray blocks, int max) {
    assertThat(blocks.size()).as("blocks").isBetween(1, max);
    for (JsonElement e : blocks) {
      JsonObject block = e.getAsJsonObject();
      if (block.has("block_id")) {
        assertThat(block.get("block_id").getAsString()).hasSizeLessThanOrEqualTo(255);
      }
      switch (block.get("type").getAsString()) {
        case "section" -> {
          assertThat(block.has("text") || block.has("fields")).as("section content").isTrue();
          if (block.has("text")) {
            assertThat(text(block, "text")).as("section text").hasSizeLessThanOrEqualTo(3000);
          }
          if (block.has("fields")) {
            JsonArray fields = block.getAsJsonArray("fields");
            assertThat(fields.size()).as("fields").isBetween(1, 10);
            for (JsonElement f : fields) {
              assertThat(f.getAsJsonObject().get("text").getAsString())
                  .as("field")
                  .hasSizeLessThanOrEqualTo(2000);
            }
          }
        }
        case "header" -> {
          assertThat(block.getAsJsonObject("text").get("type").getAsString())
              .isEqualTo("plain_text");
          assertThat(text(block, "text")).as("header").hasSizeLessThanOrEqualTo(150);
        }
        case "context" -> {
          assertThat(block.getAsJsonArray("elements").size())
              .as("context elements")
              .isBetween(1, 10);
          for (JsonElement element : block.getAsJsonArray("elements")) {
            JsonObject o = element.getAsJsonObject();
            if (o.has("text")) {
              assertThat(o.get("text").getAsString())
                  .as("context text")
                  .hasSizeLessThanOrEqualTo(3000);
            }
          }
        }
        case "actions" ->
            assertThat(block.getAsJsonArray("elements").size())
                .as("action elements")
                .isBetween(1, 25);
        case "input" -> {
          assertThat(text(block, "label")).hasSizeBetween(1, 2000);
          if (block.has("hint")) {
            assertThat(text(block, "hint")).hasSizeLessThanOrEqualTo(2000);
          }
        }
        case "divider" -> {}
        default -> throw new AssertionError("unexpected block type " + block.get("type"));
      }
      walk(block);
    }
  }

  /** Checks every nested text object, button, confirm dialog and select. */
  private static void walk(JsonElement element) {
    if (element.isJsonArray()) {
      element.getAsJsonArray().forEach(BlockKitLimits::walk);
      return;
    }
    if (!element.isJsonObject()) {
      return;
    }
    JsonObject o = element.getAsJsonObject();
    String type =
        o.has("type") && o.get("type").isJsonPrimitive() ? o.get("type").getAsString() : "";
    switch (type) {
      case "plain_text", "mrkdwn" ->
          assertThat(o.get("text").getAsString()).as("text object").isNotBlank();
      case "button" -> {
        assertThat(text(o, "text")).as("button text").hasSizeBetween(1, 75);
        assertThat(o.get("value").getAsString()).as("button value").hasSizeBetween(1, 2000);
        assertThat(o.get("action_id").getAsString()).hasSizeBetween(1, 255);
        if (o.has("style")) {
          assertThat(o.get("style").getAsString()).isIn("primary", "danger");
        }
      }
      case "static_select" -> {
        JsonArray options = o.getAsJsonArray("options");
        assertThat(options.size()).as("select options").isBetween(1, 100);
        options.forEach(opt -> checkOption(opt.getAsJsonObject()));
      }
      case "checkboxes", "radio_buttons" -> {
        JsonArray options = o.getAsJsonArray("options");
        assertThat(options.size()).as(type + " options").isBetween(1, 10);
        options.forEach(opt -> checkOption(opt.getAsJsonObject()));
      }
      case "plain_text_input" -> {
        if (o.has("max_length")) {
          assertThat(o.get("max_length").getAsInt()).isBetween(1, 3000);
        }
      }
      default -> {}
    }
    if (o.has("action_id") && o.has("confirm")) {
      JsonObject c = o.getAsJsonObject("confirm");
      for (Map.Entry<String, Integer> limit :
          Map.of("title", 100, "text", 300, "confirm", 30, "deny", 30).entrySet()) {
        assertThat(c.getAsJsonObject(limit.getKey()).get("type").getAsString())
            .as("confirm %s is plain text", limit.getKey())
            .isEqualTo("plain_text");
        assertThat(text(c, limit.getKey()))
            .as("confirm " + limit.getKey())
            .hasSizeBetween(1, limit.getValue());
      }
    }
    for (Map.Entry<String, JsonElement> child : o.entrySet()) {
      walk(child.getValue());
    }
  }

  /**
   * An option object: text and description at most 75 characters each, value at most 150
   * (docs.slack.dev, Block Kit composition objects, "Option object").
   */
  private static void checkOption(JsonObject option) {
    assertThat(text(option, "text")).as("option text").hasSizeBetween(1, 75);
    if (option.has("description")) {
      assertThat(text(option, "description")).as("option description").hasSizeBetween(1, 75);
    }
    assertThat(option.get("value").getAsString()).as("option value").hasSizeBetween(1, 150);
  }

  private static String text(JsonObject parent, String member) {
    return parent.getAsJsonObject(member).get("text").getAsString();
  }
}
