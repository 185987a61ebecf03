package io.helmgate.bot.verify.tls;

import io.helmgate.domain.port.CertificateInspector;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.security.GeneralSecurityException;
import java.security.cert.CertPathBuilder;
import java.security.cert.CertPathBuilderException;
import java.security.cert.CertStore;
import java.security.cert.Certificate;
import java.security.cert.CollectionCertStoreParameters;
import java.security.cert.PKIXBuilderParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509CertSelector;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * Reads a host's certificate chain over a raw TLS socket that trusts everything (so that an
 * expired, self-signed or misnamed certificate is still read), then judges trust and name on
 * separate passes: PKIX path building against the trust anchors, and {@link HostNames}.
 *
 * <p>Traps this avoids (api-facts-edge.md §4): the JDK sends SNI only for dotted names, so SNI is
 * set by hand; a handshake says nothing reliable about expiry (a trusted self-signed certificate is
 * accepted expired), so expiry is left to the caller's clock; a trust-all {@code
 * X509ExtendedTrustManager} switches hostname checking off, which is why the name is checked here.
 */
final class TlsCertificateInspector implements CertificateInspector {

  /** How a host name becomes an address; tests point every name at loopback. */
  interface Resolver {
    InetAddress resolve(String host) throws UnknownHostException;
  }

  private final Set<TrustAnchor> anchors;
  private final Set<X509Certificate> anchorCertificates;
  private final Duration timeout;
  private final Resolver resolver;

  TlsCertificateInspector(List<X509Certificate> trusted, Duration timeout, Resolver resolver) {
    this.anchorCertificates = Set.copyOf(trusted);
    Set<TrustAnchor> set = new HashSet<>();
    for (X509Certificate c : trusted) {
      set.add(new TrustAnchor(c, null));
    }
    this.anchors = Set.copyOf(set);
    this.timeout = timeout;
    this.resolver = resolver;
  }

  @Override
  public Inspection inspect(String host, int port) {
    List<X509Certificate> chain;
    try {
      chain = servedChain(host, port);
    } catch (UnknownHostException e) {
      return new Unreachable("unknown host " + host);
    } catch (SocketTimeoutException e) {
      return new Unreachable(
          host + ":" + port + " did not answer within " + timeout.toMillis() + " ms");
    } catch (ConnectException e) {
      return new Unreachable(host + ":" + port + " refused the connection");
    } catch (SSLException e) {
      return new Unreachable(
          "TLS handshake with " + host + ":" + port + " failed: " + e.getMessage());
    } catch (IOException | GeneralSecurityException e) {
      return new Unreachable(host + ":" + port + ": " + e.getMessage());
    }
    if (chain.isEmpty()) {
      return new Unreachable(host + ":" + port + " served no certificate");
    }
    X509Certificate leaf = chain.get(0);
    Instant notAfter =
        chain.stream()
            .map(c -> c.getNotAfter().toInstant())
            .min(Comparator.naturalOrder())
            .orElseThrow();
    Optional<String> problem = trustProblem(chain);
    return new Served(
        notAfter,
        leaf.getIssuerX500Principal().getName(),
        leaf.getSubjectX500Principal().getName(),
        HostNames.names(leaf),
        problem.isEmpty(),
        HostNames.matches(leaf, host),
        problem);
  }

  private List<X509Certificate> servedChain(String host, int port)
      throws IOException, GeneralSecurityException {
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(null, new TrustManager[] {new AcceptAll()}, null);
    int ms = (int) Math.min(Integer.MAX_VALUE, timeout.toMillis());
    Socket plain = new Socket();
    try {
      plain.connect(new InetSocketAddress(resolver.resolve(host), port), ms);
      plain.setSoTimeout(ms);
      try (SSLSocket tls =
          (SSLSocket) context.getSocketFactory().createSocket(plain, host, port, true)) {
        if (!HostNames.isIpLiteral(host)) {
          SSLParameters parameters = tls.getSSLParameters();
          parameters.setServerNames(List.of(new SNIHostName(host)));
          tls.setSSLParameters(parameters);
        }
        tls.startHandshake();
        List<X509Certificate> chain = new ArrayList<>();
        for (Certificate c : tls.getSession().getPeerCertificates()) {
          if (c instanceof X509Certificate x) {
            chain.add(x);
          }
        }
        return chain;
      }
    } finally {
      plain.close();
    }
  }

  /**
   * Why the chain does not lead to a trust anchor, if it does not. Dates are judged apart (by the
   * caller's clock), so the path is validated at a moment when every served certificate is valid.
   */
  private Optional<String> trustProblem(List<X509Certificate> chain) {
    X509Certificate leaf = chain.get(0);
    if (anchorCertificates.contains(leaf)) {
      return Optional.empty();
    }
    if (anchors.isEmpty()) {
      return Optional.of("no trusted certificates are configured");
    }
    try {
      X509CertSelector target = new X509CertSelector();
      target.setCertificate(leaf);
      PKIXBuilderParameters parameters = new PKIXBuilderParameters(anchors, target);
      parameters.setRevocationEnabled(false);
      parameters.addCertStore(
          CertStore.getInstance("Collection", new CollectionCertStoreParameters(chain)));
      Date earliestEnd =
          chain.stream().map(X509Certificate::getNotAfter).min(Comparator.naturalOrder()).get();
      Date latestStart =
          chain.stream().map(X509Certificate::getNotBefore).max(Comparator.naturalOrder()).get();
      Date at = new Date(earliestEnd.getTime() - 1000);
      parameters.setDate(at.before(latestStart) ? latestStart : at);
      CertPathBuilder.getInstance("PKIX").build(parameters);
      return Optional.empty();
    } catch (CertPathBuilderException e) {
      X509Certificate last = chain.get(chain.size() - 1);
      boolean selfSigned = last.getIssuerX500Principal().equals(last.getSubjectX500Principal());
      return Optional.of(
          (selfSigned
                  ? "self-signed by " + last.getSubjectX500Principal().getName()
                  : "issued by " + last.getIssuerX500Principal().getName())
              + ", which is not a trusted root"
              + (chain.size() == 1 && !selfSigned ? " (is an intermediate missing?)" : ""));
    } catch (GeneralSecurityException e) {
      return Optional.of("the chain could not be checked: " + e.getMessage());
    }
  }

  /** Accepts any chain: this pass only reads what is served. */
  private static final class AcceptAll extends X509ExtendedTrustManager {
    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {}

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) {}

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {}

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {}

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) {}

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) {}

    @Override
    public X509Certificate[] getAcceptedIssuers() {
      return new X509Certificate[0];
    }
  }
}
