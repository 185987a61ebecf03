package io.helmgate.domain.values;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Vault secret that a values file refers to with an argocd-vault-plugin placeholder, so that the
 * secret pre-flight can check it exists without anyone reading its value.
 *
 * <p>Supported forms (the plugin's inline-path placeholders), written anywhere in the text, quoted
 * or not:
 *
 * <ul>
 *   <li>{@code <path:secret/data/acme/payments/prod#db-password>} — one key of a secret (KV v2
 *       paths name the {@code data/} segment, as the plugin requires);
 *   <li>{@code <path:kv/data/acme/payments/prod#db-password#3>} — that key at version 3;
 *   <li>{@code <path:secret/data/acme/payments/prod>} — the whole secret.
 * </ul>
 *
 * Strict on purpose: path segments and keys are letters, digits, {@code .}, {@code _} and {@code
 * -}; no spaces, no {@code .} or {@code ..} segments, no leading or trailing {@code /}; versions
 * are positive integers. Anything else, including placeholders with modifiers such as {@code |
 * base64encode} and the plugin's bare {@code <key>} form, is not recognised.
 *
 * @param path the secret's path, as written ({@code secret/data/acme/payments/prod})
 * @param key the key inside the secret, or null for the whole secret
 * @param version the version asked for, or 0 for the latest (what Vault's {@code ?version=0} means)
 */
public record SecretRef(String path, String key, int version) {

  private static final String NAME = "[A-Za-z0-9._-]+";
  private static final String SEGMENT = "(?!\\.{1,2}(?:[/#>]|$))" + NAME;
  private static final Pattern PLACEHOLDER =
      Pattern.compile(
          "<path:("
              + SEGMENT
              + "(?:/"
              + SEGMENT
              + ")*)(?:#("
              + NAME
              + ")(?:#([1-9][0-9]{0,8}))?)?>");
  private static final Pattern PATH = Pattern.compile(SEGMENT + "(?:/" + SEGMENT + ")*");
  private static final Pattern KEY = Pattern.compile(NAME);

  public SecretRef {
    Objects.requireNonNull(path, "path");
    if (!PATH.matcher(path).matches()) {
      throw new IllegalArgumentException("`" + path + "` is not a secret path Helmgate accepts");
    }
    if (key != null && !KEY.matcher(key).matches()) {
      throw new IllegalArgumentException("`" + key + "` is not a secret key Helmgate accepts");
    }
    if (version < 0 || (version > 0 && key == null)) {
      throw new IllegalArgumentException(
          "a secret version is positive and needs a key, or is 0 for the latest");
    }
  }

  /** One key (or, with a null key, the whole secret) at its latest version. */
  public SecretRef(String path, String key) {
    this(path, key, 0);
  }

  /**
   * Every distinct placeholder in {@code text}, in order of first appearance.
   *
   * @param text a values file, or any text
   */
  public static List<SecretRef> findAll(String text) {
    Set<SecretRef> found = new LinkedHashSet<>();
    Matcher m = PLACEHOLDER.matcher(text);
    while (m.find()) {
      int version = m.group(3) == null ? 0 : Integer.parseInt(m.group(3));
      found.add(new SecretRef(m.group(1), m.group(2), version));
    }
    return List.copyOf(found);
  }

  /** True when the reference names the whole secret rather than one key. */
  public boolean wholeSecret() {
    return key == null;
  }

  /** The placeholder as written in a values file. */
  public String placeholder() {
    return "<path:"
        + path
        + (key == null ? "" : "#" + key)
        + (version == 0 ? "" : "#" + version)
        + ">";
  }

  @Override
  public String toString() {
    return placeholder();
  }
}
