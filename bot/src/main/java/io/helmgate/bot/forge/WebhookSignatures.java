package io.helmgate.bot.forge;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** Constant-time checks of webhook proofs: an HMAC-SHA256 signature or a shared token. */
public final class WebhookSignatures {

  private static final String PREFIX = "sha256=";

  private WebhookSignatures() {}

  /**
   * Whether {@code header} is {@code sha256=<hex>} of the HMAC-SHA256 of {@code body} under {@code
   * secret}. Anything else (absent, another algorithm, bad hex, wrong length) is false.
   */
  public static boolean hmacSha256Matches(String secret, byte[] body, String header) {
    if (secret == null || secret.isEmpty() || header == null || body == null) {
      return false;
    }
    String value = header.trim();
    if (!value.regionMatches(true, 0, PREFIX, 0, PREFIX.length())) {
      return false;
    }
    String hex = value.substring(PREFIX.length());
    if (hex.length() != 64) {
      return false;
    }
    byte[] given;
    try {
      given = HexFormat.of().parseHex(hex);
    } catch (IllegalArgumentException e) {
      return false;
    }
    return MessageDigest.isEqual(hmacSha256(secret, body), given);
  }

  /** Whether {@code token} equals {@code secret}, in time independent of where they differ. */
  public static boolean tokenMatches(String secret, String token) {
    if (secret == null || secret.isEmpty() || token == null) {
      return false;
    }
    // Comparing digests keeps the time independent of the lengths as well as of the contents.
    return MessageDigest.isEqual(sha256(secret), sha256(token));
  }

  /** The HMAC-SHA256 of {@code body} under {@code secret}. */
  public static byte[] hmacSha256(String secret, byte[] body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return mac.doFinal(body);
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException("HmacSHA256 is part of every Java runtime", e);
    }
  }

  private static byte[] sha256(String s) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
    }
  }
}
