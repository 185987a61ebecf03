package io.helmgate.bot.slack;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Slack's v0 request signature, checked in constant time. Bolt compares signatures with {@code
 * String.equals}, which returns at the first differing character: how long a refusal takes then
 * tells a forger how much of a guess was right.
 */
final class SlackSignatures {

  private SlackSignatures() {}

  /**
   * Whether {@code signature} is {@code v0=} and the hex HMAC-SHA256 of {@code v0:timestamp:body}
   * under {@code secret}; the comparison takes as long whatever the signature's content.
   */
  static boolean matches(byte[] secret, String timestamp, byte[] body, String signature) {
    if (timestamp == null || signature == null) {
      return false;
    }
    byte[] expected;
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret, "HmacSHA256"));
      mac.update(("v0:" + timestamp + ":").getBytes(StandardCharsets.UTF_8));
      expected =
          ("v0=" + HexFormat.of().formatHex(mac.doFinal(body))).getBytes(StandardCharsets.UTF_8);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("every Java runtime has HmacSHA256", e);
    }
    return MessageDigest.isEqual(expected, signature.getBytes(StandardCharsets.UTF_8));
  }
}
