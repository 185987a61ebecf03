package io.helmgate.bot.verify.tls;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Arrays;
import java.util.Date;
import java.util.concurrent.atomic.AtomicLong;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Certificates with exact validity dates, made at test time (a committed certificate would expire):
 * a root CA, leaves it issues, and self-signed leaves.
 */
final class TestCertificates {

  private static final AtomicLong SERIAL = new AtomicLong(1000);

  /** A private key with the chain the server sends for it, leaf first. */
  record Issued(PrivateKey key, X509Certificate[] chain) {
    X509Certificate leaf() {
      return chain[0];
    }
  }

  /** A certificate authority that issues leaves. */
  record Authority(KeyPair keys, X509Certificate certificate) {

    /** A leaf for {@code names} (DNS names), valid between the two instants. */
    Issued issue(Instant notBefore, Instant notAfter, String... names) {
      KeyPair leaf = keyPair();
      X509Certificate cert =
          build(
              certificate.getSubjectX500Principal().getName(),
              keys.getPrivate(),
              "CN=" + names[0],
              leaf,
              notBefore,
              notAfter,
              false,
              names);
      return new Issued(leaf.getPrivate(), new X509Certificate[] {cert, certificate});
    }
  }

  private TestCertificates() {}

  static Authority authority(String name, Instant notBefore, Instant notAfter) {
    KeyPair keys = keyPair();
    return new Authority(
        keys,
        build("CN=" + name, keys.getPrivate(), "CN=" + name, keys, notBefore, notAfter, true));
  }

  static Issued selfSigned(Instant notBefore, Instant notAfter, String... names) {
    KeyPair keys = keyPair();
    String dn = "CN=" + names[0];
    return new Issued(
        keys.getPrivate(),
        new X509Certificate[] {
          build(dn, keys.getPrivate(), dn, keys, notBefore, notAfter, false, names)
        });
  }

  private static KeyPair keyPair() {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
      generator.initialize(256);
      return generator.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static X509Certificate build(
      String issuer,
      PrivateKey issuerKey,
      String subject,
      KeyPair subjectKeys,
      Instant notBefore,
      Instant notAfter,
      boolean ca,
      String... names) {
    try {
      X509v3CertificateBuilder builder =
          new JcaX509v3CertificateBuilder(
              new X500Name(issuer),
              BigInteger.valueOf(SERIAL.incrementAndGet()),
              Date.from(notBefore),
              Date.from(notAfter),
              new X500Name(subject),
              subjectKeys.getPublic());
      builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(ca));
      if (ca) {
        builder.addExtension(
            Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
      }
      if (names.length > 0) {
        builder.addExtension(
            Extension.subjectAlternativeName,
            false,
            new GeneralNames(
                Arrays.stream(names)
                    .map(n -> new GeneralName(GeneralName.dNSName, n))
                    .toArray(GeneralName[]::new)));
      }
      return new JcaX509CertificateConverter()
          .getCertificate(
              builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(issuerKey)));
    } catch (OperatorCreationException | GeneralSecurityException | java.io.IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
