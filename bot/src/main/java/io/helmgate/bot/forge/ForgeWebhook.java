package io.helmgate.bot.forge;

import io.helmgate.domain.port.ForgeEvent;
import java.util.Optional;
import java.util.function.Function;

/**
 * One forge's webhooks: proves a delivery came from the forge (over the raw bytes, before anything
 * is parsed) and turns the deliveries Helmgate cares about into {@link ForgeEvent}s.
 */
public interface ForgeWebhook {

  /**
   * True only when the delivery carries a valid proof of the shared secret; a missing or malformed
   * header is false, never an exception.
   *
   * @param header looks up a request header by name, case-insensitively; null when absent
   */
  boolean verify(Function<String, String> header, byte[] body);

  /**
   * The event a verified delivery reports; empty for deliveries Helmgate does not act on (pings,
   * comments, other actions). Call only after {@link #verify}.
   */
  Optional<ForgeEvent> parse(Function<String, String> header, byte[] body);
}
