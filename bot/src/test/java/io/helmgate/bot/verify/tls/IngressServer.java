package io.helmgate.bot.verify.tls;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.net.ssl.ExtendedSSLSession;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SNIServerName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.X509ExtendedKeyManager;

/**
 * A real TLS server on loopback that behaves like an ingress: it serves the certificate configured
 * for the SNI name the client sent, and its default certificate otherwise.
 */
final class IngressServer implements AutoCloseable {

  private final Map<String, TestCertificates.Issued> byName = new ConcurrentHashMap<>();
  private final List<String> sniSeen = new CopyOnWriteArrayList<>();
  private final SSLServerSocket server;
  private final Thread acceptor;
  private volatile TestCertificates.Issued fallback;

  IngressServer(TestCertificates.Issued defaultCertificate) throws IOException {
    this.fallback = defaultCertificate;
    try {
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(new KeyManager[] {new BySni()}, null, null);
      server =
          (SSLServerSocket)
              context
                  .getServerSocketFactory()
                  .createServerSocket(0, 50, InetAddress.getLoopbackAddress());
    } catch (GeneralSecurityException e) {
      throw new IOException(e);
    }
    acceptor = new Thread(this::serve, "ingress-server");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  /** Serves {@code issued} to clients asking for {@code host}; replaces what was served before. */
  void serve(String host, TestCertificates.Issued issued) {
    byName.put(host, issued);
  }

  int port() {
    return server.getLocalPort();
  }

  List<String> sniSeen() {
    return sniSeen;
  }

  private void serve() {
    while (!server.isClosed()) {
      try (SSLSocket socket = (SSLSocket) server.accept()) {
        socket.setSoTimeout(5000);
        socket.startHandshake();
      } catch (IOException e) {
        // a client that gives up mid-handshake, or the server closing: next one
      }
    }
  }

  @Override
  public void close() throws IOException {
    server.close();
  }

  private final class BySni extends X509ExtendedKeyManager {
    private static final String DEFAULT = "\u0000default";

    @Override
    public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
      if (!"EC".equals(keyType)) {
        return null;
      }
      SSLSession handshake = ((SSLSocket) socket).getHandshakeSession();
      if (handshake instanceof ExtendedSSLSession extended) {
        for (SNIServerName name : extended.getRequestedServerNames()) {
          if (name instanceof SNIHostName host) {
            sniSeen.add(host.getAsciiName());
            if (byName.containsKey(host.getAsciiName())) {
              return host.getAsciiName();
            }
          }
        }
      }
      return DEFAULT;
    }

    private TestCertificates.Issued entry(String alias) {
      return DEFAULT.equals(alias) ? fallback : byName.get(alias);
    }

    @Override
    public X509Certificate[] getCertificateChain(String alias) {
      return entry(alias).chain();
    }

    @Override
    public PrivateKey getPrivateKey(String alias) {
      return entry(alias).key();
    }

    @Override
    public String[] getServerAliases(String keyType, Principal[] issuers) {
      return new String[] {DEFAULT};
    }

    @Override
    public String[] getClientAliases(String keyType, Principal[] issuers) {
      return new String[0];
    }

    @Override
    public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
      return null;
    }
  }
}
