package io.helmgate.domain.request;

import io.helmgate.domain.Target;
import io.helmgate.domain.values.ChangeSet;
import io.helmgate.domain.values.ValueChange;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * Binds an approval to the exact change: kind, target, the values file's base commit, every key's
 * old and new value, every line of the file diff the approver was shown, the restored commit, the
 * schedule, and any further bindings (such as resolved image digests). If any of them differs at
 * execution time, the approval no longer applies.
 */
public final class ApprovalDigest {

  private ApprovalDigest() {}

  /** The SHA-256 digest, hex encoded. */
  public static String of(
      RequestKind kind,
      Target target,
      String baseCommit,
      ChangeSet change,
      Optional<String> restoreFrom,
      Optional<Instant> scheduledAt,
      List<String> bindings) {
    StringBuilder canonical = new StringBuilder();
    field(canonical, "kind", kind.name());
    field(canonical, "target", target.valuesPath());
    field(canonical, "base", baseCommit == null ? "" : baseCommit);
    field(canonical, "restore", restoreFrom.orElse(""));
    field(canonical, "at", scheduledAt.map(Instant::toString).orElse(""));
    for (ValueChange c : change.changes()) {
      field(canonical, "key", c.key().toString());
      field(canonical, "old", c.oldValue() == null ? "\u0000" : c.oldValue());
      field(canonical, "new", c.newValue());
      if (c.isTyped()) {
        // only typed (promoted) values add their types, so that older digests stay valid
        field(canonical, "types", c.oldType() + ">" + c.newType());
      }
    }
    for (String line : change.fileDiff()) {
      field(canonical, "line", line);
    }
    for (String binding : bindings) {
      field(canonical, "bind", binding);
    }
    return sha256(canonical.toString());
  }

  /** The digest of a request as it stands, with further bindings. */
  public static String of(Request request, List<String> bindings) {
    return of(
        request.kind(),
        request.target(),
        request.baseCommit(),
        request.change(),
        request.restoreFrom(),
        request.scheduledAt(),
        bindings);
  }

  // Length-prefixed fields, so that no value can be crafted to look like another field.
  private static void field(StringBuilder sb, String name, String value) {
    sb.append(name).append(':').append(value.length()).append(':').append(value).append('\n');
  }

  static String sha256(String text) {
    try {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      return HexFormat.of().formatHex(md.digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }
}
