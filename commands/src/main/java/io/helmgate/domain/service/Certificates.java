package io.helmgate.domain.service;

import io.helmgate.domain.Target;
import io.helmgate.domain.port.CertificateCheck;
import io.helmgate.domain.port.CertificateInspector;
import io.helmgate.domain.port.CertificateInspector.Inspection;
import io.helmgate.domain.port.CertificateInspector.Served;
import io.helmgate.domain.port.CertificateInspector.Unreachable;
import io.helmgate.domain.port.CertificateRecords;
import io.helmgate.domain.port.ChannelNotifier;
import io.helmgate.domain.port.ValuesRepository;
import io.helmgate.domain.service.CertificateStatus.Verdict;
import io.helmgate.domain.values.ValuesDocument;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The daily certificate check: inspects the ingress certificate of every environment that names a
 * host in its values, stores the result for {@code /deploy status}, and tells the product's channel
 * once per certificate when a threshold is crossed, when it has expired, when it names another host
 * or is not trusted, and once per outage when the host cannot be reached.
 */
public final class Certificates {

  static final String EXPIRED = "expired";
  static final String HOST_MISMATCH = "host-mismatch";
  static final String UNTRUSTED = "untrusted";
  static final String UNREACHABLE = "unreachable";

  /** Notices about a host that served nothing are not tied to a certificate. */
  private static final Instant NO_CERTIFICATE = Instant.EPOCH;

  private static final DateTimeFormatter DAY =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC);

  private final ValuesRepository values;
  private final CertificateInspector inspector;
  private final CertificateRecords records;
  private final ChannelNotifier channel;
  private final Clock clock;
  private final CertificateSettings settings;

  public Certificates(
      ValuesRepository values,
      CertificateInspector inspector,
      CertificateRecords records,
      ChannelNotifier channel,
      Clock clock,
      CertificateSettings settings) {
    this.values = Objects.requireNonNull(values);
    this.inspector = Objects.requireNonNull(inspector);
    this.records = Objects.requireNonNull(records);
    this.channel = Objects.requireNonNull(channel);
    this.clock = Objects.requireNonNull(clock);
    this.settings = Objects.requireNonNull(settings);
  }

  /** What one run checked, which notices it sent and what it could not do. */
  public record Run(List<CertificateCheck> checks, List<Notice> sent, List<String> failures) {}

  /** A notice sent to a product's channel. */
  public record Notice(Target target, String channel, String kind, String text) {}

  public CertificateSettings settings() {
    return settings;
  }

  /**
   * Checks every environment once. A fault in one environment (unreadable values, a notice Slack
   * refused) is listed in {@link Run#failures()} and does not stop the others; an unsent notice is
   * not recorded, so the next run tries again.
   */
  public Run checkAll() {
    List<CertificateCheck> checks = new ArrayList<>();
    List<Notice> sent = new ArrayList<>();
    List<String> failures = new ArrayList<>();
    for (Target target : values.environments()) {
      Optional<String> host;
      try {
        host = hostOf(ValuesDocument.parse(values.read(target).content()));
      } catch (RuntimeException e) {
        failures.add(target + ": values unreadable: " + e.getMessage());
        continue;
      }
      if (host.isEmpty()) {
        continue;
      }
      Inspection inspection = inspector.inspect(host.get(), settings.port());
      CertificateCheck check =
          new CertificateCheck(target, host.get(), clock.instant(), inspection);
      try {
        records.save(check);
      } catch (RuntimeException e) {
        failures.add(target + ": result not stored: " + e.getMessage());
      }
      checks.add(check);
      for (Pending notice : noticesFor(check)) {
        send(check.target(), notice, sent, failures);
      }
    }
    return new Run(checks, sent, failures);
  }

  /**
   * The environment's certificate from the last stored check, for {@code /deploy status}; never
   * connects anywhere. Empty when checks are off, or the environment names no host and was never
   * checked.
   */
  public Optional<CertificateStatus> status(Target target, Optional<ValuesDocument> document) {
    if (!settings.enabled()) {
      return Optional.empty();
    }
    Optional<CertificateCheck> last;
    try {
      last = records.last(target);
    } catch (RuntimeException e) {
      return Optional.empty();
    }
    if (last.isPresent()) {
      return Optional.of(statusOf(last.get()));
    }
    return document
        .flatMap(this::hostOf)
        .map(
            host ->
                new CertificateStatus(
                    host,
                    Verdict.NOT_CHECKED,
                    Optional.empty(),
                    Optional.empty(),
                    Optional.empty(),
                    Optional.empty(),
                    Optional.of("not checked yet")));
  }

  private Optional<String> hostOf(ValuesDocument document) {
    return document.get(settings.hostKey()).map(String::trim).filter(h -> !h.isEmpty());
  }

  private CertificateStatus statusOf(CertificateCheck check) {
    Instant now = clock.instant();
    if (check.inspection() instanceof Served served) {
      long days = daysLeft(now, served.notAfter());
      Verdict verdict;
      Optional<String> detail = Optional.empty();
      if (days < 0 || !served.notAfter().isAfter(now)) {
        verdict = Verdict.EXPIRED;
      } else if (!served.matchesHost()) {
        verdict = Verdict.HOST_MISMATCH;
        detail = Optional.of("serves a certificate for " + names(served));
      } else if (!served.chainTrusted()) {
        verdict = Verdict.UNTRUSTED;
        detail = served.problem();
      } else if (threshold(days).isPresent()) {
        verdict = Verdict.EXPIRING;
      } else {
        verdict = Verdict.OK;
      }
      return new CertificateStatus(
          check.host(),
          verdict,
          Optional.of(served.notAfter()),
          Optional.of(days),
          Optional.of(served.issuer()),
          Optional.of(check.checkedAt()),
          detail);
    }
    return new CertificateStatus(
        check.host(),
        Verdict.UNREACHABLE,
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.of(check.checkedAt()),
        Optional.of(((Unreachable) check.inspection()).reason()));
  }

  /** A notice this check calls for, keyed to the certificate it is about. */
  private record Pending(Instant notAfter, String kind, String text) {}

  private List<Pending> noticesFor(CertificateCheck check) {
    List<Pending> notices = new ArrayList<>();
    String where = code(check.host()) + " (" + escape(check.target().toString()) + ")";
    if (check.inspection() instanceof Unreachable unreachable) {
      notices.add(
          new Pending(
              NO_CERTIFICATE,
              UNREACHABLE,
              ":warning: The TLS certificate of "
                  + where
                  + " could not be checked: "
                  + escape(unreachable.reason())));
      return notices;
    }
    Served served = (Served) check.inspection();
    try {
      // Reachable again: the next outage is news again.
      records.forgetNotice(check.target(), UNREACHABLE);
    } catch (RuntimeException e) {
      // a stale "unreachable" record only silences the next outage's first notice
    }
    Instant now = check.checkedAt();
    long days = daysLeft(now, served.notAfter());
    String issuer = " (issuer " + escape(served.issuer()) + ")";
    if (!served.notAfter().isAfter(now)) {
      notices.add(
          new Pending(
              served.notAfter(),
              EXPIRED,
              ":rotating_light: The TLS certificate of "
                  + where
                  + " expired on "
                  + DAY.format(served.notAfter())
                  + issuer
                  + "."));
    } else {
      threshold(days)
          .ifPresent(
              t ->
                  notices.add(
                      new Pending(
                          served.notAfter(),
                          thresholdKind(t),
                          ":warning: The TLS certificate of "
                              + where
                              + " expires in "
                              + days(days)
                              + ", on "
                              + DAY.format(served.notAfter())
                              + issuer
                              + ".")));
    }
    if (!served.matchesHost()) {
      notices.add(
          new Pending(
              served.notAfter(),
              HOST_MISMATCH,
              ":rotating_light: "
                  + where
                  + " serves a certificate for "
                  + escape(names(served))
                  + ", not for "
                  + code(check.host())
                  + "."));
    }
    if (!served.chainTrusted()) {
      notices.add(
          new Pending(
              served.notAfter(),
              UNTRUSTED,
              ":warning: "
                  + where
                  + " serves a certificate that is not trusted"
                  + issuer
                  + served.problem().map(p -> ": " + escape(p)).orElse("")
                  + "."));
    }
    return notices;
  }

  private void send(Target target, Pending notice, List<Notice> sent, List<String> failures) {
    try {
      if (records.notified(target, notice.notAfter(), notice.kind())) {
        return;
      }
      Optional<String> to = settings.channelFor(target);
      if (to.isEmpty()) {
        failures.add(
            target
                + ": no channel for "
                + target.app()
                + " (set helmgate.certificates.channel or helmgate.certificates.channels),"
                + " notice not sent: "
                + notice.kind());
        return;
      }
      channel.post(to.get(), notice.text());
      records.recordNotice(target, notice.notAfter(), notice.kind(), clock.instant());
      sent.add(new Notice(target, to.get(), notice.kind(), notice.text()));
    } catch (RuntimeException e) {
      failures.add(target + ": notice " + notice.kind() + " not sent: " + e.getMessage());
    }
  }

  /** The smallest threshold the certificate is within, if any. */
  private Optional<Integer> threshold(long daysLeft) {
    Optional<Integer> crossed = Optional.empty();
    for (int t : settings.thresholdDays()) {
      if (daysLeft <= t) {
        crossed = Optional.of(t);
      }
    }
    return crossed;
  }

  static String thresholdKind(int days) {
    return "expires-in-" + days + "d";
  }

  /** Whole days left, rounded down: 2 days and 23 hours is 2 days. */
  static long daysLeft(Instant now, Instant notAfter) {
    return Math.floorDiv(notAfter.getEpochSecond() - now.getEpochSecond(), 86_400L);
  }

  private static String days(long n) {
    return n == 1 ? "1 day" : n + " days";
  }

  private static String names(Served served) {
    return served.names().isEmpty() ? served.subject() : String.join(", ", served.names());
  }

  private static String code(String text) {
    return "`" + escape(text).replace("`", "'") + "`";
  }

  private static String escape(String text) {
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }
}
