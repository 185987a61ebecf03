package io.helmgate.domain.service;

import io.helmgate.domain.Target;
import io.helmgate.domain.values.KeyPath;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * How certificates are checked: where an environment's ingress host is in its values, which port
 * serves it, how many days before expiry a notice goes out, and to which channel.
 *
 * @param enabled whether checks run; when off, {@code /deploy status} shows no certificates
 * @param hostKey the values key holding the ingress host, e.g. {@code ingress.host}
 * @param port the TLS port of the ingress
 * @param thresholdDays days before expiry at which a notice is sent, each once; kept largest first
 * @param defaultChannel the channel for products without their own, if any
 * @param channels per product ({@code customer/product}), the channel for its notices
 */
public record CertificateSettings(
    boolean enabled,
    KeyPath hostKey,
    int port,
    List<Integer> thresholdDays,
    Optional<String> defaultChannel,
    Map<String, String> channels) {

  public CertificateSettings {
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("port must be 1..65535, got " + port);
    }
    for (Integer days : thresholdDays) {
      if (days == null || days < 1) {
        throw new IllegalArgumentException("thresholds must be positive days, got " + days);
      }
    }
    thresholdDays =
        thresholdDays.stream().distinct().sorted(java.util.Comparator.reverseOrder()).toList();
    channels = Map.copyOf(channels);
  }

  /** Checks on {@code ingress.host} at port 443, notices at 30, 14 and 3 days. */
  public static CertificateSettings defaults(Optional<String> defaultChannel) {
    return new CertificateSettings(
        true, KeyPath.of("ingress.host"), 443, List.of(30, 14, 3), defaultChannel, Map.of());
  }

  /** The channel where notices about {@code target}'s product go, if one is configured. */
  public Optional<String> channelFor(Target target) {
    return Optional.ofNullable(channels.get(target.app())).or(() -> defaultChannel);
  }
}
