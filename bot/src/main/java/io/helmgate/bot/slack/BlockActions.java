package io.helmgate.bot.slack;

import com.google.gson.Gson;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.slack.api.app_backend.interactive_components.payload.BlockActionPayload;
import com.slack.api.app_backend.util.JsonPayloadExtractor;
import com.slack.api.bolt.AppConfig;
import com.slack.api.bolt.context.builtin.ActionContext;
import com.slack.api.bolt.request.RequestHeaders;
import com.slack.api.bolt.request.builtin.BlockActionRequest;
import com.slack.api.util.json.GsonFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads a button click ({@code block_actions}) into Bolt's {@link BlockActionRequest} with one
 * shared Gson. Bolt's own request builds a new Gson for every click, and a new Gson learns the
 * whole {@link BlockActionPayload} class tree again by reflection: in the ack benchmark that was
 * the largest cost of acknowledging a click, before the acknowledgement. The request is the same as
 * Bolt's parser makes (same payload, same context, same query string and client address); every
 * other kind of request is left to Bolt's parser.
 */
final class BlockActions {

  private static final Gson JSON = GsonFactory.createSnakeCase();
  private static final JsonPayloadExtractor PAYLOAD = new JsonPayloadExtractor();

  private BlockActions() {}

  /**
   * The click in {@code body}, as Bolt's {@code SlackRequestParser} would return it over HTTP;
   * empty (null) when the body is not a {@code block_actions} payload, or not one this can read, so
   * that Bolt's parser decides (and refuses) it as before.
   */
  static BlockActionRequest parse(
      String body,
      RequestHeaders headers,
      Map<String, List<String>> queryString,
      String remoteAddress,
      AppConfig config) {
    String json = PAYLOAD.extractIfExists(body);
    if (json == null) {
      return null;
    }
    BlockActionPayload payload;
    try {
      JsonElement tree = JSON.fromJson(json, JsonElement.class);
      if (tree == null || !tree.isJsonObject()) {
        return null;
      }
      JsonObject object = tree.getAsJsonObject();
      JsonElement type = object.get("type");
      if (type == null || !type.isJsonPrimitive() || !"block_actions".equals(type.getAsString())) {
        return null;
      }
      payload = JSON.fromJson(object, BlockActionPayload.class);
    } catch (JsonParseException | IllegalStateException | UnsupportedOperationException unread) {
      return null; // Bolt's parser reads it again and refuses it its own way
    }
    if (payload == null || payload.getUser() == null) {
      return null; // Bolt's parser refuses a click that names nobody (a 400, see the servlet)
    }
    Parsed request = new Parsed(body, payload, headers);
    // What Bolt's parser does with every request it builds over HTTP.
    request.setSocketMode(false);
    request.updateContext(config);
    if (queryString != null) {
      for (Map.Entry<String, List<String>> entry : queryString.entrySet()) {
        List<String> values = request.getQueryString().get(entry.getKey());
        if (values == null) {
          values = new ArrayList<>();
        }
        values.addAll(entry.getValue());
        request.getQueryString().put(entry.getKey(), values);
      }
    }
    String forwardedFor = headers.getFirstValue("X-FORWARDED-FOR");
    request.setClientIpAddress(forwardedFor != null ? forwardedFor : remoteAddress);
    return request;
  }

  /** Bolt's click request around a payload read already; the context set as Bolt sets it. */
  static final class Parsed extends BlockActionRequest {
    private final BlockActionPayload payload;

    Parsed(String body, BlockActionPayload payload, RequestHeaders headers) {
      // Without payload text Bolt's constructor reads nothing and leaves the context empty.
      super(body, null, headers);
      this.payload = payload;
      ActionContext context = getContext();
      context.setFunctionBotAccessToken(payload.getBotAccessToken());
      context.setResponseUrl(payload.getResponseUrl());
      context.setTriggerId(payload.getTriggerId());
      if (payload.getTriggerId() == null
          && payload.getInteractivity() != null
          && payload.getInteractivity().getInteractivityPointer() != null) {
        context.setTriggerId(payload.getInteractivity().getInteractivityPointer());
      }
      if (payload.getEnterprise() != null) {
        context.setEnterpriseId(payload.getEnterprise().getId());
      } else if (payload.getTeam() != null) {
        context.setEnterpriseId(payload.getTeam().getEnterpriseId());
      }
      if (payload.getTeam() != null && payload.getTeam().getId() != null) {
        context.setTeamId(payload.getTeam().getId());
      } else if (payload.getUser() != null && payload.getUser().getTeamId() != null) {
        context.setTeamId(payload.getUser().getTeamId());
      }
      context.setRequestUserId(payload.getUser().getId());
      if (payload.getFunctionData() != null) {
        context.setFunctionExecutionId(payload.getFunctionData().getExecutionId());
      }
    }

    @Override
    public BlockActionPayload getPayload() {
      return payload;
    }

    @Override
    public String getResponseUrl() {
      return payload.getResponseUrl();
    }
  }
}
