package io.helmgate.bot.verify.tls;

import static org.assertj.core.api.Assertions.assertThat;

import io.helmgate.bot.store.StoreConfiguration;
import io.helmgate.bot.testsupport.MutableClock;
import io.helmgate.domain.Target;
import io.helmgate.domain.port.CertificateRecords;
import io.helmgate.domain.port.ChannelNotifier;
import io.helmgate.domain.port.CommitOutcome;
import io.helmgate.domain.port.ValuesCommit;
import io.helmgate.domain.port.ValuesFile;
import io.helmgate.domain.port.ValuesHistoryEntry;
import io.helmgate.domain.port.ValuesRepository;
import io.helmgate.domain.service.CertificateSettings;
import io.helmgate.domain.service.CertificateStatus;
import io.helmgate.domain.service.Certificates;
import io.helmgate.domain.values.KeyPath;
import io.helmgate.domain.values.ValuesDocument;
import java.io.IOException;
import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;

/**
 * The daily check end to end: a real TLS server serving certificates of known expiry, the JDK
 * inspector, the domain service and the JDBC records in a real database; only Slack is a fake.
 */
abstract class CertificateCheckContract {

  static final Instant NOW = Instant.parse("2030-03-01T06:00:00Z");
  static final Target PROD = new Target("acme", "payments", "prod");
  static final Target STAGING = new Target("acme", "payments", "staging");
  static final String PROD_HOST = "payments.example.test";
  static final String STAGING_HOST = "staging.payments.example.test";

  final MutableClock clock = new MutableClock(NOW);
  final TestCertificates.Authority ca =
      TestCertificates.authority(
          "Helmgate Test CA", NOW.minus(Duration.ofDays(365)), NOW.plus(Duration.ofDays(3650)));
  final List<String> posted = new ArrayList<>();
  final ChannelNotifier channel = (to, text) -> posted.add(to + " " + text);
  IngressServer server;
  CertificateRecords records;

  abstract DataSource newDatabase();

  @BeforeEach
  void setUp() throws IOException {
    server =
        new IngressServer(
            ca.issue(NOW.minus(Duration.ofDays(1)), NOW.plus(Duration.ofDays(90)), "default.test"));
    server.serve(STAGING_HOST, ca.issue(NOW, NOW.plus(Duration.ofDays(300)), STAGING_HOST));
    DataSource db = newDatabase();
    records = StoreConfiguration.certificateRecords(db, new DataSourceTransactionManager(db));
  }

  @AfterEach
  void tearDown() throws IOException {
    server.close();
  }

  Certificates certificates() {
    return certificates(server.port());
  }

  /** The check, with every host looked for on {@code port}. */
  Certificates certificates(int port) {
    return new Certificates(
        new TwoEnvironments(),
        new TlsCertificateInspector(
            List.of(ca.certificate()),
            Duration.ofSeconds(5),
            h -> InetAddress.getLoopbackAddress()),
        records,
        channel,
        clock,
        new CertificateSettings(
            true,
            KeyPath.of("ingress.host"),
            port,
            List.of(30, 14, 3),
            Optional.of("C0CERTS"),
            Map.of()));
  }

  void serveProdExpiringIn(Duration left) {
    server.serve(
        PROD_HOST, ca.issue(NOW.minus(Duration.ofDays(60)), clock.instant().plus(left), PROD_HOST));
  }

  /** The notices sent about prod; staging's certificate is fine except when the server is down. */
  List<String> kinds(Certificates.Run run) {
    return run.sent().stream()
        .filter(n -> n.target().equals(PROD))
        .map(Certificates.Notice::kind)
        .toList();
  }

  @Test
  void certificatesExpiringIn40And20And10And2DaysNotifyNoneThen30Then14Then3() {
    List<List<String>> sent = new ArrayList<>();
    for (int left : new int[] {40, 20, 10, 2}) {
      // a new certificate each time would reset the thresholds: keep one, move the clock
      clock.set(NOW.plus(Duration.ofDays(40 - left)));
      if (left == 40) {
        serveProdExpiringIn(Duration.ofDays(40).plusHours(1));
      }
      sent.add(kinds(certificates().checkAll()));
    }

    assertThat(sent)
        .containsExactly(
            List.of(),
            List.of("expires-in-30d"),
            List.of("expires-in-14d"),
            List.of("expires-in-3d"));
    assertThat(posted).allMatch(p -> p.startsWith("C0CERTS ") && p.contains(PROD_HOST));
  }

  @Test
  void aThresholdIsNotRepeatedTheNextDayAndARenewedCertificateStartsOver() {
    serveProdExpiringIn(Duration.ofDays(10));
    Certificates.Run first = certificates().checkAll();
    clock.advance(Duration.ofDays(1));
    Certificates.Run nextDay = certificates().checkAll();
    // Renewed, with a certificate that again ends within 14 days.
    serveProdExpiringIn(Duration.ofDays(12));
    clock.advance(Duration.ofDays(1));
    Certificates.Run renewed = certificates().checkAll();

    assertThat(kinds(first)).containsExactly("expires-in-14d");
    assertThat(nextDay.sent()).isEmpty();
    assertThat(kinds(renewed)).containsExactly("expires-in-14d");
  }

  @Test
  void expiredCertificateIsReportedAndShownExpired() {
    server.serve(
        PROD_HOST,
        ca.issue(NOW.minus(Duration.ofDays(400)), NOW.minus(Duration.ofDays(2)), PROD_HOST));

    Certificates.Run run = certificates().checkAll();

    assertThat(kinds(run)).containsExactly("expired");
    assertThat(certificates().status(PROD, Optional.empty()).orElseThrow().verdict())
        .isEqualTo(CertificateStatus.Verdict.EXPIRED);
  }

  @Test
  void certificateForAnotherHostIsReportedAsAMismatchAndStoredSo() {
    server.serve(PROD_HOST, ca.issue(NOW, NOW.plus(Duration.ofDays(200)), "shop.example.test"));

    Certificates.Run run = certificates().checkAll();

    assertThat(kinds(run)).containsExactly("host-mismatch");
    assertThat(posted.get(0)).contains("serves a certificate for shop.example.test");
    CertificateStatus status = certificates().status(PROD, Optional.empty()).orElseThrow();
    assertThat(status.verdict()).isEqualTo(CertificateStatus.Verdict.HOST_MISMATCH);
    assertThat(status.issuer()).contains("CN=Helmgate Test CA");
    assertThat(status.daysLeft()).contains(200L);
  }

  @Test
  void selfSignedCertificateIsReportedAsUntrusted() {
    server.serve(
        PROD_HOST, TestCertificates.selfSigned(NOW, NOW.plus(Duration.ofDays(200)), PROD_HOST));

    Certificates.Run run = certificates().checkAll();

    assertThat(kinds(run)).containsExactly("untrusted");
    assertThat(certificates().status(PROD, Optional.empty()).orElseThrow().detail())
        .get()
        .asString()
        .contains("self-signed");
  }

  @Test
  void unreachableHostIsReportedOnceAndStatusSaysSo() throws IOException {
    serveProdExpiringIn(Duration.ofDays(200));
    Certificates.Run first;
    Certificates.Run again;
    // A port bound by a socket that does not listen: connecting is refused, and no other process
    // can take the port meanwhile (a closed server's port could be anyone's by the next call).
    try (java.net.Socket reserved = new java.net.Socket()) {
      reserved.bind(new java.net.InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
      int nobodyListens = reserved.getLocalPort();

      first = certificates(nobodyListens).checkAll();
      clock.advance(Duration.ofDays(1));
      again = certificates(nobodyListens).checkAll();
    }

    assertThat(kinds(first)).containsExactly("unreachable");
    assertThat(again.sent()).isEmpty();
    assertThat(posted).hasSize(2); // prod and staging, once each
    assertThat(certificates().status(PROD, Optional.empty()).orElseThrow().verdict())
        .isEqualTo(CertificateStatus.Verdict.UNREACHABLE);
  }

  @Test
  void statusBeforeAnyCheckSaysNotCheckedYet() {
    CertificateStatus status =
        certificates()
            .status(
                PROD, Optional.of(ValuesDocument.parse("ingress:\n  host: " + PROD_HOST + "\n")))
            .orElseThrow();

    assertThat(status.verdict()).isEqualTo(CertificateStatus.Verdict.NOT_CHECKED);
  }

  /** Two environments of one product: prod and staging, each naming its ingress host. */
  static final class TwoEnvironments implements ValuesRepository {
    private final Map<Target, String> files =
        new java.util.HashMap<>(
            Map.of(
                PROD, "ingress:\n  host: " + PROD_HOST + "\n",
                STAGING, "ingress:\n  host: " + STAGING_HOST + "\n"));

    @Override
    public List<Target> environments() {
      return List.of(PROD, STAGING);
    }

    @Override
    public ValuesFile read(Target target) {
      return new ValuesFile(target, files.get(target), "c1", "c1");
    }

    @Override
    public Optional<String> readAt(Target target, String commit) {
      return Optional.ofNullable(files.get(target));
    }

    @Override
    public List<ValuesHistoryEntry> history(Target target, int limit) {
      return List.of();
    }

    @Override
    public CommitOutcome commit(ValuesCommit commit) {
      throw new UnsupportedOperationException("certificate checks never commit");
    }
  }
}
