package io.helmgate.bot.forge;

import io.helmgate.domain.port.ForgeEvent;
import io.helmgate.domain.port.ForgeEvents;
import java.util.Locale;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * Receives the configured forge's webhooks at {@code /forge/{github|gitlab|bitbucket}/webhook}: 404
 * for a forge that is not the configured one, 401 for a delivery without a valid proof of the
 * webhook secret (checked over the raw body), 204 otherwise, after handing the event (if any) to
 * {@link ForgeEvents}. A webhook only hastens what polling would find later, so a lost or refused
 * delivery delays a transition but never loses it.
 */
@RestController
public class ForgeWebhookController {

  private static final Logger log = LoggerFactory.getLogger(ForgeWebhookController.class);

  private final ForgeProperties properties;
  private final ObjectProvider<ForgeEvents> events;
  private final ForgeWebhook webhook;

  public ForgeWebhookController(ForgeProperties properties, ObjectProvider<ForgeEvents> events) {
    this.properties = properties;
    this.events = events;
    this.webhook = properties.enabled() ? ForgeConfiguration.webhookFor(properties) : null;
  }

  @PostMapping(path = "/forge/{forge}/webhook")
  public ResponseEntity<String> receive(
      @PathVariable("forge") String forge,
      @RequestHeader HttpHeaders headers,
      @RequestBody(required = false) byte[] body) {
    if (webhook == null || !properties.type().name().equals(forge.toUpperCase(Locale.ROOT))) {
      return ResponseEntity.notFound().build();
    }
    byte[] raw = body == null ? new byte[0] : body;
    if (!webhook.verify(headers::getFirst, raw)) {
      log.warn(
          "Refused a {} webhook delivery: its signature or token does not match"
              + " helmgate.forge.webhook-secret",
          forge);
      return ResponseEntity.status(HttpStatus.UNAUTHORIZED)
          .contentType(MediaType.TEXT_PLAIN)
          .body("webhook signature or token does not match\n");
    }
    Optional<ForgeEvent> event = webhook.parse(headers::getFirst, raw);
    event.ifPresent(
        e -> {
          ForgeEvents receiver = events.getIfAvailable();
          if (receiver == null) {
            // No receiver without a configured forge (ForgeWatching); polling stays the truth.
            log.debug("No receiver for forge event {}", e);
          } else {
            receiver.on(e);
          }
        });
    return ResponseEntity.noContent().build();
  }
}
