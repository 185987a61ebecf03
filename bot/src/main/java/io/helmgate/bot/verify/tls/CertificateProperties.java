package io.helmgate.bot.verify.tls;

import io.helmgate.bot.config.InvalidConfigurationException;
import io.helmgate.domain.service.CertificateSettings;
import io.helmgate.domain.values.KeyPath;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.quartz.CronExpression;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The daily TLS certificate check, bound from {@code helmgate.certificates.*}. Runs only when
 * {@code cron} is set and {@code enabled} is not false.
 *
 * @param cron when to check, a Quartz cron expression such as {@code 0 0 6 * * ?} (06:00 daily)
 * @param timeZone the zone of {@code cron}
 * @param hostKey the values key that holds an environment's ingress host
 * @param port the TLS port of the ingress hosts
 * @param thresholds days before expiry at which the product's channel is told, each once
 * @param channel the channel id for products without their own
 * @param channels per product ({@code customer/product}), its channel id
 * @param timeout connect and read timeout per host
 * @param trustStore a PKCS12 trust store of the roots the ingress certificates may chain to; the
 *     JDK's default roots when unset
 */
@ConfigurationProperties("helmgate.certificates")
public record CertificateProperties(
    @DefaultValue("true") boolean enabled,
    String cron,
    @DefaultValue("UTC") String timeZone,
    @DefaultValue("ingress.host") String hostKey,
    @DefaultValue("443") int port,
    @DefaultValue({"30", "14", "3"}) List<Integer> thresholds,
    String channel,
    Map<String, String> channels,
    @DefaultValue("10s") Duration timeout,
    String trustStore,
    String trustStorePassword) {

  private static final String PREFIX = "helmgate.certificates.";

  public CertificateProperties {
    cron = blankToNull(cron);
    if (cron != null && !CronExpression.isValidExpression(cron)) {
      throw new InvalidConfigurationException(
          PREFIX + "cron",
          "expected a Quartz cron expression such as '0 0 6 * * ?' (daily at 06:00), got '"
              + cron
              + "'");
    }
    try {
      ZoneId.of(timeZone);
    } catch (RuntimeException e) {
      throw new InvalidConfigurationException(
          PREFIX + "time-zone", "expected a zone id such as Europe/Zurich, got '" + timeZone + "'");
    }
    if (hostKey == null || KeyPath.parse(hostKey).isEmpty()) {
      throw new InvalidConfigurationException(
          PREFIX + "host-key", "expected a dotted values key such as ingress.host");
    }
    if (port < 1 || port > 65535) {
      throw new InvalidConfigurationException(
          PREFIX + "port", "expected a TCP port 1..65535, got " + port);
    }
    thresholds = thresholds == null ? List.of() : List.copyOf(thresholds);
    if (thresholds.isEmpty()
        || thresholds.stream().anyMatch(d -> d == null || d < 1)
        || new HashSet<>(thresholds).size() != thresholds.size()) {
      throw new InvalidConfigurationException(
          PREFIX + "thresholds",
          "expected distinct positive numbers of days such as 30,14,3, got " + thresholds);
    }
    channel = blankToNull(channel);
    channels = channels == null ? Map.of() : Map.copyOf(channels);
    for (String product : channels.keySet()) {
      if (!product.matches("[^/\\s]+/[^/\\s]+")) {
        throw new InvalidConfigurationException(
            PREFIX + "channels",
            "expected keys of the form customer/product, got '"
                + product
                + "' (in YAML quote it: \"[acme/payments]\": C0123)");
      }
    }
    if (timeout == null || timeout.isNegative() || timeout.isZero()) {
      throw new InvalidConfigurationException(
          PREFIX + "timeout", "expected a positive duration such as 10s");
    }
    trustStore = blankToNull(trustStore);
    if (trustStore != null && !Files.isReadable(Path.of(trustStore))) {
      throw new InvalidConfigurationException(
          PREFIX + "trust-store", "expected a readable PKCS12 file, got '" + trustStore + "'");
    }
  }

  /** Whether the daily check is scheduled. */
  public boolean active() {
    return enabled && cron != null;
  }

  CertificateSettings toSettings() {
    return new CertificateSettings(
        active(), KeyPath.of(hostKey), port, thresholds, Optional.ofNullable(channel), channels);
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value.trim();
  }
}
