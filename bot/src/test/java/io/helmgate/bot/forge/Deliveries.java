package io.helmgate.bot.forge;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** Webhook deliveries as a forge sends them, signed here independently of the code under test. */
final class Deliveries {

  private Deliveries() {}

  /** {@code sha256=<hex>} of the HMAC-SHA256 of {@code body} under {@code secret}. */
  static String sign(String secret, byte[] body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** Case-insensitive headers, as a servlet container looks them up. */
  static Function<String, String> headers(String... namesAndValues) {
    Map<String, String> map = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    for (int i = 0; i < namesAndValues.length; i += 2) {
      map.put(namesAndValues[i], namesAndValues[i + 1]);
    }
    return map::get;
  }

  static byte[] body(String fixture) {
    return ForgeStandIn.fixture(Deliveries.class, fixture).getBytes(StandardCharsets.UTF_8);
  }
}
