package io.helmgate.bot.verify.tls;

import static org.assertj.core.api.Assertions.assertThat;

import io.helmgate.domain.port.CertificateInspector.Inspection;
import io.helmgate.domain.port.CertificateInspector.Served;
import io.helmgate.domain.port.CertificateInspector.Unreachable;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The JDK-socket inspector against a real TLS server with certificates made in the test. */
class TlsCertificateInspectorTest {

  static final Instant T0 = Instant.parse("2030-01-01T00:00:00Z");
  static final String HOST = "payments.example.test";

  final TestCertificates.Authority ca =
      TestCertificates.authority(
          "Helmgate Test CA", T0.minus(Duration.ofDays(365)), T0.plus(Duration.ofDays(3650)));
  IngressServer server;

  @BeforeEach
  void start() throws IOException {
    server =
        new IngressServer(
            ca.issue(
                T0.minus(Duration.ofDays(1)),
                T0.plus(Duration.ofDays(90)),
                "default.example.test"));
  }

  @AfterEach
  void stop() throws IOException {
    server.close();
  }

  TlsCertificateInspector inspector() {
    return new TlsCertificateInspector(
        List.of(ca.certificate()), Duration.ofSeconds(5), host -> InetAddress.getLoopbackAddress());
  }

  Served served(String host) {
    Inspection inspection = inspector().inspect(host, server.port());
    assertThat(inspection).isInstanceOf(Served.class);
    return (Served) inspection;
  }

  @Test
  void trustedCertificateForTheHostReportsItsExpiryIssuerAndNames() {
    Instant notAfter = T0.plus(Duration.ofDays(40));
    server.serve(HOST, ca.issue(T0.minus(Duration.ofDays(1)), notAfter, HOST, "www." + HOST));

    Served served = served(HOST);

    assertThat(served.notAfter()).isEqualTo(notAfter);
    assertThat(served.issuer()).isEqualTo("CN=Helmgate Test CA");
    assertThat(served.subject()).isEqualTo("CN=" + HOST);
    assertThat(served.names()).containsExactly(HOST, "www." + HOST);
    assertThat(served.chainTrusted()).isTrue();
    assertThat(served.matchesHost()).isTrue();
    assertThat(served.problem()).isEmpty();
  }

  @Test
  void hostNameIsSentAsSniSoTheIngressServesTheHostsCertificateNotItsDefault() {
    server.serve(HOST, ca.issue(T0, T0.plus(Duration.ofDays(40)), HOST));

    Served served = served(HOST);

    assertThat(server.sniSeen()).contains(HOST);
    assertThat(served.names()).containsExactly(HOST);
  }

  @Test
  void expiredCertificateIsStillReadWithItsPastEndOfValidityAndATrustedChain() {
    Instant expired = T0.minus(Duration.ofDays(5));
    server.serve(HOST, ca.issue(T0.minus(Duration.ofDays(400)), expired, HOST));

    Served served = served(HOST);

    assertThat(served.notAfter()).isEqualTo(expired);
    assertThat(served.chainTrusted()).isTrue();
  }

  @Test
  void certificateForAnotherHostIsReadAndDoesNotMatch() {
    server.serve(HOST, ca.issue(T0, T0.plus(Duration.ofDays(200)), "other.example.test"));

    Served served = served(HOST);

    assertThat(served.matchesHost()).isFalse();
    assertThat(served.names()).containsExactly("other.example.test");
    assertThat(served.chainTrusted()).isTrue();
  }

  @Test
  void hostWithoutItsOwnCertificateGetsTheIngressDefaultWhichDoesNotMatch() {
    Served served = served("unknown.example.test");

    assertThat(served.names()).containsExactly("default.example.test");
    assertThat(served.matchesHost()).isFalse();
  }

  @Test
  void selfSignedCertificateIsUntrustedAndSaysWhy() {
    server.serve(HOST, TestCertificates.selfSigned(T0, T0.plus(Duration.ofDays(200)), HOST));

    Served served = served(HOST);

    assertThat(served.chainTrusted()).isFalse();
    assertThat(served.matchesHost()).isTrue();
    assertThat(served.problem())
        .get()
        .asString()
        .contains("self-signed by CN=" + HOST, "not a trusted root");
  }

  @Test
  void certificateFromAnUnknownAuthorityIsUntrusted() {
    TestCertificates.Authority stranger =
        TestCertificates.authority(
            "Stranger CA", T0.minus(Duration.ofDays(10)), T0.plus(Duration.ofDays(999)));
    server.serve(HOST, stranger.issue(T0, T0.plus(Duration.ofDays(200)), HOST));

    Served served = served(HOST);

    assertThat(served.chainTrusted()).isFalse();
    assertThat(served.issuer()).isEqualTo("CN=Stranger CA");
  }

  @Test
  void endOfValidityIsTheEarliestOverTheChain() {
    TestCertificates.Authority shortLived =
        TestCertificates.authority(
            "Short CA", T0.minus(Duration.ofDays(10)), T0.plus(Duration.ofDays(7)));
    TlsCertificateInspector trustingShortLived =
        new TlsCertificateInspector(
            List.of(shortLived.certificate()),
            Duration.ofSeconds(5),
            h -> InetAddress.getLoopbackAddress());
    server.serve(HOST, shortLived.issue(T0, T0.plus(Duration.ofDays(300)), HOST));

    Served served = (Served) trustingShortLived.inspect(HOST, server.port());

    assertThat(served.notAfter()).isEqualTo(T0.plus(Duration.ofDays(7)));
    assertThat(served.chainTrusted()).isTrue();
  }

  @Test
  void closedPortIsUnreachable() throws IOException {
    int closed;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closed = s.getLocalPort();
    }

    Inspection inspection = inspector().inspect(HOST, closed);

    assertThat(inspection).isInstanceOf(Unreachable.class);
    assertThat(((Unreachable) inspection).reason()).contains("refused the connection");
  }

  @Test
  void unknownHostIsUnreachable() {
    TlsCertificateInspector resolvingNothing =
        new TlsCertificateInspector(
            List.of(ca.certificate()),
            Duration.ofSeconds(5),
            h -> {
              throw new java.net.UnknownHostException(h);
            });

    Inspection inspection = resolvingNothing.inspect(HOST, server.port());

    assertThat(inspection).isEqualTo(new Unreachable("unknown host " + HOST));
  }

  @Test
  void serverThatAcceptsButNeverAnswersIsUnreachableAfterTheTimeout() throws IOException {
    try (ServerSocket silent = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      TlsCertificateInspector impatient =
          new TlsCertificateInspector(
              List.of(ca.certificate()),
              Duration.ofMillis(300),
              h -> InetAddress.getLoopbackAddress());

      Inspection inspection = impatient.inspect(HOST, silent.getLocalPort());

      assertThat(inspection).isInstanceOf(Unreachable.class);
      assertThat(((Unreachable) inspection).reason()).contains("did not answer within 300 ms");
    }
  }

  @Test
  void wildcardMatchesOneLeftmostLabelOnly() {
    assertThat(HostNames.matchesName("*.example.test", "app.example.test")).isTrue();
    assertThat(HostNames.matchesName("*.example.test", "a.b.example.test")).isFalse();
    assertThat(HostNames.matchesName("*.example.test", "example.test")).isFalse();
    assertThat(HostNames.matchesName("*.test", "example.test")).isFalse();
  }
}
