package io.helmgate.domain.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.helmgate.domain.Target;
import io.helmgate.domain.UserRef;
import io.helmgate.domain.policy.ExampleGroups;
import io.helmgate.domain.policy.Policy;
import io.helmgate.domain.port.CertificateCheck;
import io.helmgate.domain.port.CertificateInspector;
import io.helmgate.domain.port.CertificateInspector.Inspection;
import io.helmgate.domain.port.CertificateInspector.Served;
import io.helmgate.domain.port.CertificateInspector.Unreachable;
import io.helmgate.domain.port.CertificateRecords;
import io.helmgate.domain.port.ChannelNotifier;
import io.helmgate.domain.service.CertificateStatus.Verdict;
import io.helmgate.domain.values.KeyPath;
import io.helmgate.domain.values.Redaction;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The daily certificate check against fakes of its ports and a clock moved by hand. */
class CertificatesTest {

  static final Target PROD = new Target("acme", "payments", "prod");
  static final Target STAGING = new Target("acme", "payments", "staging");
  static final Target DEV = new Target("acme", "payments", "dev");
  static final Target LEDGER = new Target("acme", "ledger", "prod");
  static final String HOST = "payments.example.org";
  static final Instant START = Instant.parse("2030-01-01T06:00:00Z");

  final Fakes.TestClock clock = new Fakes.TestClock(START);
  final Inspector inspector = new Inspector();
  final Records records = new Records();
  final Channel channel = new Channel();
  Fakes.Values repo;

  static String values(String host) {
    return """
        image:
          tag: 1.4.1
        ingress:
          enabled: true
          host: %s
        """
        .formatted(host);
  }

  @BeforeEach
  void setUp() {
    repo =
        new Fakes.Values(
            clock,
            Map.of(
                PROD, values(HOST),
                STAGING, values("staging.payments.example.org"),
                DEV, "image:\n  tag: 1.4.3\n"));
    inspector.served(HOST, trusted(START.plus(Duration.ofDays(40))));
    inspector.served("staging.payments.example.org", trusted(START.plus(Duration.ofDays(300))));
  }

  Certificates certificates() {
    return certificates(
        new CertificateSettings(
            true,
            KeyPath.of("ingress.host"),
            443,
            List.of(30, 14, 3),
            Optional.of("C0CERTS"),
            Map.of()));
  }

  Certificates certificates(CertificateSettings settings) {
    return new Certificates(repo, inspector, records, channel, clock, settings);
  }

  static Served trusted(Instant notAfter) {
    return new Served(
        notAfter, "CN=Example CA", "CN=" + HOST, List.of(HOST), true, true, Optional.empty());
  }

  List<String> kindsSent(Certificates.Run run) {
    return run.sent().stream().map(Certificates.Notice::kind).toList();
  }

  @Test
  void certificateWith40DaysLeftIsStoredAndNotifiesNobody() {
    Certificates.Run run = certificates().checkAll();

    assertThat(run.checks()).extracting(CertificateCheck::target).containsExactly(PROD, STAGING);
    assertThat(run.sent()).isEmpty();
    assertThat(run.failures()).isEmpty();
    assertThat(records.last(PROD)).isPresent();
    assertThat(inspector.asked)
        .containsExactlyInAnyOrder(HOST + ":443", "staging.payments.example.org:443");
  }

  @Test
  void environmentWithoutIngressHostIsNotInspected() {
    certificates().checkAll();

    assertThat(records.last(DEV)).isEmpty();
    assertThat(inspector.asked).noneMatch(a -> a.contains("dev"));
  }

  @Test
  void hostKeyIsConfigurable() {
    repo.externalChange(DEV, "route:\n  hostname: dev.payments.example.org\n");
    inspector.served("dev.payments.example.org", trusted(START.plus(Duration.ofDays(100))));

    certificates(
            new CertificateSettings(
                true,
                KeyPath.of("route.hostname"),
                8443,
                List.of(30),
                Optional.of("C0CERTS"),
                Map.of()))
        .checkAll();

    assertThat(inspector.asked).containsExactly("dev.payments.example.org:8443");
  }

  @Test
  void certificateWith20DaysLeftNotifiesThe30DayThresholdOnceAndNotAgainNextDay() {
    inspector.served(HOST, trusted(START.plus(Duration.ofDays(20))));

    Certificates.Run first = certificates().checkAll();
    clock.advance(Duration.ofDays(1));
    Certificates.Run second = certificates().checkAll();

    assertThat(kindsSent(first)).containsExactly("expires-in-30d");
    assertThat(first.sent().get(0).channel()).isEqualTo("C0CERTS");
    assertThat(first.sent().get(0).text())
        .contains(
            "`payments.example.org`", "acme/payments prod", "expires in 20 days", "CN=Example CA");
    assertThat(second.sent()).isEmpty();
    assertThat(channel.posted).hasSize(1);
  }

  @Test
  void certificateWith10DaysLeftNotifiesOnlyThe14DayThreshold() {
    inspector.served(HOST, trusted(START.plus(Duration.ofDays(10))));

    assertThat(kindsSent(certificates().checkAll())).containsExactly("expires-in-14d");
  }

  @Test
  void certificateWith2DaysLeftNotifiesOnlyThe3DayThreshold() {
    inspector.served(HOST, trusted(START.plus(Duration.ofDays(2))));

    assertThat(kindsSent(certificates().checkAll())).containsExactly("expires-in-3d");
  }

  @Test
  void dailyChecksFrom40DaysToExpiryNotifyEachThresholdOnceThenExpiredOnce() {
    inspector.served(HOST, trusted(START.plus(Duration.ofDays(40))));
    List<String> sent = new ArrayList<>();
    for (int day = 0; day <= 42; day++) {
      sent.addAll(kindsSent(certificates().checkAll()));
      clock.advance(Duration.ofDays(1));
    }

    assertThat(sent)
        .containsExactly("expires-in-30d", "expires-in-14d", "expires-in-3d", "expired");
  }

  @Test
  void renewedCertificateStartsItsThresholdsOver() {
    inspector.served(HOST, trusted(START.plus(Duration.ofDays(20))));
    certificates().checkAll();
    clock.advance(Duration.ofDays(1));
    // Ops renewed, but with a certificate that is itself short-lived.
    inspector.served(HOST, trusted(START.plus(Duration.ofDays(25))));

    Certificates.Run afterRenewal = certificates().checkAll();

    assertThat(kindsSent(afterRenewal)).containsExactly("expires-in-30d");
  }

  @Test
  void expiredCertificateIsReportedOnceAndShownExpired() {
    inspector.served(HOST, trusted(START.minus(Duration.ofDays(3))));

    Certificates.Run first = certificates().checkAll();
    clock.advance(Duration.ofDays(1));
    Certificates.Run second = certificates().checkAll();

    assertThat(kindsSent(first)).containsExactly("expired");
    assertThat(first.sent().get(0).text()).contains("expired on 2029-12-29");
    assertThat(second.sent()).isEmpty();
    assertThat(certificates().status(PROD, Optional.empty()).orElseThrow().verdict())
        .isEqualTo(Verdict.EXPIRED);
  }

  @Test
  void certificateForAnotherHostIsReportedOncePerCertificate() {
    inspector.served(
        HOST,
        new Served(
            START.plus(Duration.ofDays(200)),
            "CN=Example CA",
            "CN=other.example.org",
            List.of("other.example.org", "www.other.example.org"),
            true,
            false,
            Optional.empty()));

    Certificates.Run first = certificates().checkAll();
    clock.advance(Duration.ofDays(1));
    Certificates.Run second = certificates().checkAll();

    assertThat(kindsSent(first)).containsExactly("host-mismatch");
    assertThat(first.sent().get(0).text())
        .contains("other.example.org, www.other.example.org", "not for `payments.example.org`");
    assertThat(second.sent()).isEmpty();
    CertificateStatus status = certificates().status(PROD, Optional.empty()).orElseThrow();
    assertThat(status.verdict()).isEqualTo(Verdict.HOST_MISMATCH);
    assertThat(status.detail())
        .contains("serves a certificate for other.example.org, www.other.example.org");
  }

  @Test
  void selfSignedCertificateIsReportedAsUntrustedWithTheReason() {
    inspector.served(
        HOST,
        new Served(
            START.plus(Duration.ofDays(200)),
            "CN=" + HOST,
            "CN=" + HOST,
            List.of(HOST),
            false,
            true,
            Optional.of("no trusted root: the chain ends at CN=" + HOST)));

    Certificates.Run run = certificates().checkAll();

    assertThat(kindsSent(run)).containsExactly("untrusted");
    assertThat(run.sent().get(0).text()).contains("not trusted", "no trusted root");
    assertThat(certificates().status(PROD, Optional.empty()).orElseThrow().verdict())
        .isEqualTo(Verdict.UNTRUSTED);
  }

  @Test
  void unreachableHostIsReportedOncePerOutage() {
    inspector.unreachable(HOST, "connection refused");
    Certificates.Run first = certificates().checkAll();
    clock.advance(Duration.ofDays(1));
    Certificates.Run stillDown = certificates().checkAll();
    clock.advance(Duration.ofDays(1));
    inspector.served(HOST, trusted(START.plus(Duration.ofDays(200))));
    certificates().checkAll();
    clock.advance(Duration.ofDays(1));
    inspector.unreachable(HOST, "connect timed out");
    Certificates.Run downAgain = certificates().checkAll();

    assertThat(kindsSent(first)).containsExactly("unreachable");
    assertThat(first.sent().get(0).text()).contains("could not be checked: connection refused");
    assertThat(stillDown.sent()).isEmpty();
    assertThat(kindsSent(downAgain)).containsExactly("unreachable");
  }

  @Test
  void productChannelOverridesTheDefault() {
    inspector.served(HOST, trusted(START.plus(Duration.ofDays(2))));

    Certificates.Run run =
        certificates(
                new CertificateSettings(
                    true,
                    KeyPath.of("ingress.host"),
                    443,
                    List.of(3),
                    Optional.of("C0CERTS"),
                    Map.of("acme/payments", "C0PAYMENTS")))
            .checkAll();

    assertThat(run.sent()).extracting(Certificates.Notice::channel).containsExactly("C0PAYMENTS");
  }

  @Test
  void withoutAChannelTheNoticeIsAFailureAndIsSentOnceAChannelIsConfigured() {
    inspector.served(HOST, trusted(START.plus(Duration.ofDays(2))));
    CertificateSettings noChannel =
        new CertificateSettings(
            true, KeyPath.of("ingress.host"), 443, List.of(3), Optional.empty(), Map.of());

    Certificates.Run unsent = certificates(noChannel).checkAll();
    Certificates.Run sent = certificates().checkAll();

    assertThat(unsent.sent()).isEmpty();
    assertThat(unsent.failures())
        .singleElement()
        .asString()
        .contains("no channel for acme/payments", "helmgate.certificates.channel");
    assertThat(kindsSent(sent)).containsExactly("expires-in-3d");
  }

  @Test
  void noticeTheChannelRefusedIsSentAgainByTheNextRun() {
    inspector.served(HOST, trusted(START.plus(Duration.ofDays(2))));
    channel.failing = true;
    Certificates.Run refused = certificates().checkAll();
    channel.failing = false;
    clock.advance(Duration.ofHours(1));
    Certificates.Run retried = certificates().checkAll();

    assertThat(refused.failures()).singleElement().asString().contains("channel_not_found");
    assertThat(kindsSent(retried)).containsExactly("expires-in-3d");
  }

  @Test
  void thresholdsAreKeptLargestFirstWithoutDuplicates() {
    CertificateSettings settings =
        new CertificateSettings(
            true,
            KeyPath.of("ingress.host"),
            443,
            List.of(3, 30, 14, 3),
            Optional.empty(),
            Map.of());

    assertThat(settings.thresholdDays()).containsExactly(30, 14, 3);
  }

  @Test
  void daysLeftRoundDown() {
    assertThat(Certificates.daysLeft(START, START.plus(Duration.ofHours(71)))).isEqualTo(2);
    assertThat(Certificates.daysLeft(START, START.minus(Duration.ofHours(1)))).isEqualTo(-1);
  }

  // --- /deploy status: from the stored result, never a handshake ---

  Helmgate helmgate(Certificates certificates) {
    Fakes.Groups groups = new Fakes.Groups();
    groups.groups.put("U0ALICE", Set.of("@ops-team"));
    Fakes.Trail trail = new Fakes.Trail();
    Ports ports =
        new Ports(
            repo,
            new Fakes.Argo(),
            new Fakes.Secrets(),
            groups,
            new Fakes.Requests(trail),
            trail,
            new Fakes.Locks(),
            new Fakes.Schedules(),
            new Fakes.Thread(),
            clock,
            Runnable::run,
            new Fakes.Artifacts(),
            io.helmgate.domain.port.EdgeVerifier.NONE,
            io.helmgate.domain.port.ExecutionClaims.inProcess());
    return new Helmgate(
        ports,
        new Policy(ExampleGroups.policy()),
        Redaction.defaults(),
        Helmgate.Options.defaults().withCertificates(certificates));
  }

  Map<String, Optional<CertificateStatus>> statusByEnvironment(Helmgate helmgate) {
    Outcome outcome =
        helmgate.command(
            new Caller(new UserRef("U0ALICE", "alice"), "C0OPS"),
            "/deploy",
            "status acme/payments");
    assertThat(outcome).isInstanceOf(Outcome.StatusReport.class);
    Map<String, Optional<CertificateStatus>> byEnvironment = new HashMap<>();
    for (Outcome.EnvironmentStatus env : ((Outcome.StatusReport) outcome).environments()) {
      byEnvironment.put(env.target().environment(), env.certificate());
    }
    return byEnvironment;
  }

  @Test
  void statusBeforeTheFirstCheckSaysNotCheckedYetWithoutConnecting() {
    Map<String, Optional<CertificateStatus>> status = statusByEnvironment(helmgate(certificates()));

    assertThat(status.get("prod"))
        .get()
        .extracting(CertificateStatus::verdict)
        .isEqualTo(Verdict.NOT_CHECKED);
    assertThat(status.get("prod").get().host()).isEqualTo(HOST);
    assertThat(status.get("dev")).isEmpty();
    assertThat(inspector.asked).isEmpty();
  }

  @Test
  void statusShowsTheLastCheckWithDaysLeftCountedFromNow() {
    inspector.served(HOST, trusted(START.plus(Duration.ofDays(20))));
    Certificates certificates = certificates();
    certificates.checkAll();
    inspector.asked.clear();
    clock.advance(Duration.ofDays(5));

    CertificateStatus prod = statusByEnvironment(helmgate(certificates)).get("prod").orElseThrow();

    assertThat(prod.verdict()).isEqualTo(Verdict.EXPIRING);
    assertThat(prod.daysLeft()).contains(15L);
    assertThat(prod.issuer()).contains("CN=Example CA");
    assertThat(prod.checkedAt()).contains(START);
    assertThat(statusByEnvironment(helmgate(certificates)).get("staging").orElseThrow().verdict())
        .isEqualTo(Verdict.OK);
    assertThat(inspector.asked).isEmpty();
  }

  @Test
  void statusShowsNoCertificatesWhenChecksAreOff() {
    Certificates off =
        certificates(
            new CertificateSettings(
                false, KeyPath.of("ingress.host"), 443, List.of(30), Optional.empty(), Map.of()));

    assertThat(statusByEnvironment(helmgate(off)).values()).allMatch(Optional::isEmpty);
  }

  // --- fakes of this service's own ports ---

  static final class Inspector implements CertificateInspector {
    final Map<String, Inspection> answers = new HashMap<>();
    final List<String> asked = new ArrayList<>();

    void served(String host, Served served) {
      answers.put(host, served);
    }

    void unreachable(String host, String reason) {
      answers.put(host, new Unreachable(reason));
    }

    @Override
    public Inspection inspect(String host, int port) {
      asked.add(host + ":" + port);
      return answers.getOrDefault(host, new Unreachable("unknown host " + host));
    }
  }

  static final class Records implements CertificateRecords {
    final Map<Target, CertificateCheck> last = new HashMap<>();
    final Set<String> notices = new HashSet<>();

    @Override
    public void save(CertificateCheck check) {
      last.put(check.target(), check);
    }

    @Override
    public Optional<CertificateCheck> last(Target target) {
      return Optional.ofNullable(last.get(target));
    }

    @Override
    public boolean notified(Target target, Instant notAfter, String notice) {
      return notices.contains(target + "|" + notAfter + "|" + notice);
    }

    @Override
    public void recordNotice(Target target, Instant notAfter, String notice, Instant at) {
      notices.add(target + "|" + notAfter + "|" + notice);
    }

    @Override
    public void forgetNotice(Target target, String notice) {
      notices.removeIf(n -> n.startsWith(target + "|") && n.endsWith("|" + notice));
    }
  }

  static final class Channel implements ChannelNotifier {
    final List<String> posted = new ArrayList<>();
    boolean failing;

    @Override
    public void post(String channel, String text) {
      if (failing) {
        throw new IllegalStateException("chat.postMessage failed: channel_not_found");
      }
      posted.add(channel + ": " + text);
    }
  }
}
