package io.jaci.core.serve;

import io.jaci.core.JaciException;
import io.jaci.core.io.IoMessages;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/** An SSL context from a PEM certificate chain and a PKCS#8 PEM private key (RSA or EC). */
final class TlsContext {
  private TlsContext() {}

  static SSLContext of(ServeOptions.TlsFiles files) throws JaciException {
    Collection<? extends Certificate> chain;
    try (InputStream in = Files.newInputStream(files.certificate())) {
      chain = CertificateFactory.getInstance("X.509").generateCertificates(in);
    } catch (IOException e) {
      throw new JaciException(IoMessages.about(files.certificate(), e), e);
    } catch (GeneralSecurityException e) {
      throw new JaciException(files.certificate() + ": not a PEM certificate: " + e.getMessage());
    }
    if (chain.isEmpty()) {
      throw new JaciException(files.certificate() + ": no certificate in it");
    }
    PrivateKey key = key(files.key());
    try {
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(null, null);
      char[] none = new char[0];
      store.setKeyEntry("server", key, none, chain.toArray(new Certificate[0]));
      KeyManagerFactory kmf = KeyManagerFactory.getInstance(
          KeyManagerFactory.getDefaultAlgorithm());
      kmf.init(store, none);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(kmf.getKeyManagers(), null, null);
      return context;
    } catch (GeneralSecurityException | IOException e) {
      throw new JaciException("the key " + files.key() + " does not go with the certificate "
          + files.certificate() + ": " + e.getMessage());
    }
  }

  private static PrivateKey key(Path file) throws JaciException {
    String pem;
    try {
      pem = Files.readString(file, StandardCharsets.US_ASCII);
    } catch (IOException e) {
      throw new JaciException(IoMessages.about(file, e), e);
    }
    int begin = pem.indexOf("-----BEGIN PRIVATE KEY-----");
    int end = pem.indexOf("-----END PRIVATE KEY-----");
    if (begin < 0 || end < begin) {
      throw new JaciException(file + ": not a PKCS#8 PEM private key (BEGIN PRIVATE KEY);"
          + " convert it with: openssl pkcs8 -topk8 -nocrypt -in KEY -out KEY.pk8");
    }
    byte[] der = Base64.getMimeDecoder().decode(
        pem.substring(begin + "-----BEGIN PRIVATE KEY-----".length(), end));
    for (String algorithm : List.of("RSA", "EC", "Ed25519")) {
      try {
        return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
      } catch (GeneralSecurityException e) {
        // try the next
      }
    }
    throw new JaciException(file + ": a private key jaci cannot read (RSA, EC or Ed25519)");
  }
}
