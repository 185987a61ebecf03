package io.helmgate.bot.argocd;

import io.helmgate.domain.Target;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Locale;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Connection and timing settings of the ArgoCD adapter, bound from {@code helmgate.argocd.*}.
 *
 * @param url ArgoCD's base URL, e.g. {@code https://argocd.example.org}; empty means not configured
 * @param token an ArgoCD account or project-role token; from the environment or Vault, never logged
 * @param project the AppProject of Helmgate's applications, sent with every call so that a missing
 *     application is a 404, not a 403
 * @param appNameTemplate the application name of a target, with {@code {customer}}, {@code
 *     {product}} and {@code {env}}
 * @param requestTimeout how long one HTTP call may take
 * @param syncTimeout how long a sync may take to become Healthy
 * @param pollInterval how often a running sync is looked at
 * @param busyRetries how often a sync is retried while another operation is in progress
 * @param busyRetryDelay the wait between those retries
 * @param transientRetries how often a call is retried after a 5xx, an I/O error or a timeout
 * @param transientRetryDelay the first wait before such a retry; it doubles, with jitter
 * @param historyLimit how many deployment history entries a status shows
 */
@ConfigurationProperties("helmgate.argocd")
record ArgoCdProperties(
    @DefaultValue("") String url,
    @DefaultValue("") String token,
    @DefaultValue("default") String project,
    @DefaultValue("{customer}-{product}-{env}") String appNameTemplate,
    @DefaultValue("10s") Duration requestTimeout,
    @DefaultValue("10m") Duration syncTimeout,
    @DefaultValue("2s") Duration pollInterval,
    @DefaultValue("5") int busyRetries,
    @DefaultValue("3s") Duration busyRetryDelay,
    @DefaultValue("3") int transientRetries,
    @DefaultValue("1s") Duration transientRetryDelay,
    @DefaultValue("5") int historyLimit) {

  private static final String PREFIX = "helmgate.argocd.";

  ArgoCdProperties {
    url = url == null ? "" : url.strip();
    token = token == null ? "" : token.strip();
    if (!url.isEmpty()) {
      url = checkUrl(url);
      if (token.isEmpty()) {
        throw new IllegalArgumentException(
            PREFIX
                + "token is required when "
                + PREFIX
                + "url is set: an ArgoCD account or project-role token"
                + " (environment variable HELMGATE_ARGOCD_TOKEN, or Vault)");
      }
    }
    if (project == null || project.isBlank()) {
      throw new IllegalArgumentException(PREFIX + "project must name an ArgoCD project");
    }
    project = project.strip();
    checkTemplate(appNameTemplate);
    positive("request-timeout", requestTimeout);
    positive("sync-timeout", syncTimeout);
    positive("poll-interval", pollInterval);
    positive("busy-retry-delay", busyRetryDelay);
    positive("transient-retry-delay", transientRetryDelay);
    notNegative("busy-retries", busyRetries);
    notNegative("transient-retries", transientRetries);
    if (historyLimit < 1) {
      throw new IllegalArgumentException(
          PREFIX + "history-limit must be at least 1, not " + historyLimit);
    }
  }

  /** False on the embedded default: no URL, so nothing is synced. */
  boolean isConfigured() {
    return !url.isEmpty();
  }

  /** The name of the ArgoCD application that deploys {@code target}. */
  String applicationName(Target target) {
    return render(appNameTemplate, target.customer(), target.product(), target.environment());
  }

  /** Keeps the token out of logs and error messages. */
  @Override
  public String toString() {
    return "ArgoCdProperties[url="
        + url
        + ", token="
        + (token.isEmpty() ? "" : "(set)")
        + ", project="
        + project
        + ", appNameTemplate="
        + appNameTemplate
        + ", requestTimeout="
        + requestTimeout
        + ", syncTimeout="
        + syncTimeout
        + ", pollInterval="
        + pollInterval
        + "]";
  }

  private static String render(String template, String customer, String product, String env) {
    return template
        .replace("{customer}", customer)
        .replace("{product}", product)
        .replace("{env}", env);
  }

  private static String checkUrl(String url) {
    String problem =
        PREFIX
            + "url must be an absolute http(s) URL such as https://argocd.example.org, not `"
            + url
            + "`";
    URI uri;
    try {
      uri = new URI(url);
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException(problem);
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!(scheme.equals("http") || scheme.equals("https"))
        || uri.getHost() == null
        || uri.getRawQuery() != null
        || uri.getRawFragment() != null) {
      throw new IllegalArgumentException(problem);
    }
    // The generated client appends /api/v1/...; a trailing slash would double it.
    return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
  }

  private static void checkTemplate(String template) {
    if (template == null || template.isBlank()) {
      throw new IllegalArgumentException(
          PREFIX
              + "app-name-template must not be empty; the default is {customer}-{product}-{env}");
    }
    String rendered = render(template, "c", "p", "e");
    if (rendered.contains("{") || rendered.contains("}")) {
      throw new IllegalArgumentException(
          PREFIX
              + "app-name-template `"
              + template
              + "` has an unknown placeholder; use {customer}, {product} and {env}");
    }
  }

  private static void positive(String key, Duration value) {
    if (value == null || value.isNegative() || value.isZero()) {
      throw new IllegalArgumentException(
          PREFIX + key + " must be a positive duration, not " + value);
    }
  }

  private static void notNegative(String key, int value) {
    if (value < 0) {
      throw new IllegalArgumentException(PREFIX + key + " must not be negative, not " + value);
    }
  }
}
