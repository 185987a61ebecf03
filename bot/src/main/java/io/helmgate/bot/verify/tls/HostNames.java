package io.helmgate.bot.verify.tls;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;

/**
 * Whether a certificate names a host, by the rules HTTPS clients apply (RFC 2818 / RFC 6125, as the
 * JDK's endpoint identification does): DNS names from the subject alternative names, the common
 * name only when there are none, a wildcard only as the whole leftmost label and matching one
 * label; an IP address only against IP address entries. The JDK offers this check only inside a
 * handshake that also demands a trusted chain, and a mismatch must be told apart from distrust.
 */
final class HostNames {

  private static final int DNS = 2;
  private static final int IP = 7;
  private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

  private HostNames() {}

  static boolean isIpLiteral(String host) {
    return IPV4.matcher(host).matches() || host.contains(":");
  }

  /** The DNS and IP entries of the subject alternative names, in certificate order. */
  static List<String> names(X509Certificate certificate) {
    List<String> names = new ArrayList<>();
    for (List<?> entry : alternativeNames(certificate)) {
      int type = (Integer) entry.get(0);
      if (type == DNS || type == IP) {
        names.add(String.valueOf(entry.get(1)));
      }
    }
    return names;
  }

  static boolean matches(X509Certificate certificate, String host) {
    if (isIpLiteral(host)) {
      for (List<?> entry : alternativeNames(certificate)) {
        if ((Integer) entry.get(0) == IP && sameAddress(String.valueOf(entry.get(1)), host)) {
          return true;
        }
      }
      return false;
    }
    String wanted = normalise(host);
    List<String> dnsNames = new ArrayList<>();
    for (List<?> entry : alternativeNames(certificate)) {
      if ((Integer) entry.get(0) == DNS) {
        dnsNames.add(String.valueOf(entry.get(1)));
      }
    }
    if (dnsNames.isEmpty()) {
      dnsNames.addAll(commonNames(certificate));
    }
    return dnsNames.stream().anyMatch(pattern -> matchesName(normalise(pattern), wanted));
  }

  static boolean matchesName(String pattern, String host) {
    if (!pattern.startsWith("*.")) {
      return pattern.equals(host);
    }
    String suffix = pattern.substring(1);
    // "*.com" would match every host of a top-level domain: browsers refuse it, so do we.
    if (suffix.chars().filter(c -> c == '.').count() < 2) {
      return false;
    }
    if (!host.endsWith(suffix)) {
      return false;
    }
    String label = host.substring(0, host.length() - suffix.length());
    return !label.isEmpty() && !label.contains(".");
  }

  private static String normalise(String name) {
    String n = name.trim().toLowerCase(Locale.ROOT);
    return n.endsWith(".") ? n.substring(0, n.length() - 1) : n;
  }

  private static boolean sameAddress(String a, String b) {
    try {
      // Literals only: getByName does not resolve an address literal.
      return InetAddress.getByName(a).equals(InetAddress.getByName(b));
    } catch (UnknownHostException e) {
      return false;
    }
  }

  private static Collection<List<?>> alternativeNames(X509Certificate certificate) {
    try {
      Collection<List<?>> names = certificate.getSubjectAlternativeNames();
      return names == null ? List.of() : names;
    } catch (CertificateParsingException e) {
      return List.of();
    }
  }

  private static List<String> commonNames(X509Certificate certificate) {
    List<String> cns = new ArrayList<>();
    try {
      for (Rdn rdn : new LdapName(certificate.getSubjectX500Principal().getName()).getRdns()) {
        if ("CN".equalsIgnoreCase(rdn.getType())) {
          cns.add(String.valueOf(rdn.getValue()));
        }
      }
    } catch (InvalidNameException e) {
      // no usable common name: nothing matches
    }
    return cns;
  }
}
