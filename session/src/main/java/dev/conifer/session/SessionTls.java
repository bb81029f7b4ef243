package dev.conifer.session;

import dev.conifer.snek.crypto.Ed25519Certificates;
import dev.conifer.snek.crypto.Signer;
import io.netty.handler.codec.quic.BoringSSLAsyncPrivateKeyMethod;
import io.netty.handler.codec.quic.BoringSSLContextOption;
import io.netty.handler.codec.quic.BoringSSLKeylessManagerFactory;
import io.netty.handler.codec.quic.QuicSslContext;
import io.netty.handler.codec.quic.QuicSslContextBuilder;
import io.netty.handler.ssl.ClientAuth;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.ImmediateEventExecutor;
import java.io.IOException;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.SignatureException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * TLS 1.3 contexts for sessions: both sides present the node certificate (signing through BoringSSL
 * keyless mode and the node {@link Signer}) and require the peer's. The trust manager only checks
 * that the peer presents exactly one Ed25519 certificate; which key it must be is checked per
 * connection ({@link SessionRegistry}), since the trust manager does not know who was dialled.
 */
final class SessionTls {
  private static final String[] SIGNATURE_ALGORITHMS = {"ed25519"};
  private static final String KEY_TYPE = "EdDSA";

  private final KeyManagerFactory keyManagers;

  SessionTls(Signer signer, X509Certificate certificate) {
    try {
      this.keyManagers =
          BoringSSLKeylessManagerFactory.newKeyless(new SignerKeyMethod(signer), certificate);
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException("cannot set up session TLS keys: " + e.getMessage(), e);
    }
  }

  QuicSslContext server(List<String> alpns) {
    Map<String, String> keyTypes = new HashMap<>();
    for (String method :
        new String[] {"ECDHE_ECDSA", "ECDHE_RSA", "RSA", "DHE_RSA", "ECDH_ECDSA", "UNKNOWN"}) {
      keyTypes.put(method, KEY_TYPE);
    }
    return QuicSslContextBuilder.forServer(keyManagers, null)
        .trustManager(new OneEd25519CertificateTrustManager())
        .clientAuth(ClientAuth.REQUIRE)
        .applicationProtocols(alpns.toArray(new String[0]))
        .option(BoringSSLContextOption.SIGNATURE_ALGORITHMS, SIGNATURE_ALGORITHMS)
        .option(BoringSSLContextOption.SERVER_KEY_TYPES, keyTypes)
        .build();
  }

  QuicSslContext client(String alpn) {
    return QuicSslContextBuilder.forClient()
        .keyManager(keyManagers, null)
        .trustManager(new OneEd25519CertificateTrustManager())
        .applicationProtocols(alpn)
        .option(BoringSSLContextOption.SIGNATURE_ALGORITHMS, SIGNATURE_ALGORITHMS)
        .option(BoringSSLContextOption.CLIENT_KEY_TYPES, Set.of(KEY_TYPE))
        .build();
  }

  /** Signs TLS 1.3 CertificateVerify with the node key; refuses anything but Ed25519. */
  private static final class SignerKeyMethod implements BoringSSLAsyncPrivateKeyMethod {
    private final Signer signer;

    SignerKeyMethod(Signer signer) {
      this.signer = signer;
    }

    @Override
    public Future<byte[]> sign(SSLEngine engine, int signatureAlgorithm, byte[] input) {
      if (signatureAlgorithm != SSL_SIGN_ED25519) {
        return ImmediateEventExecutor.INSTANCE.newFailedFuture(
            new SignatureException(
                "only Ed25519 is offered, asked for 0x" + Integer.toHexString(signatureAlgorithm)));
      }
      return ImmediateEventExecutor.INSTANCE.newSucceededFuture(signer.sign(input));
    }

    @Override
    public Future<byte[]> decrypt(SSLEngine engine, byte[] input) {
      return ImmediateEventExecutor.INSTANCE.newFailedFuture(
          new UnsupportedOperationException("Ed25519 keys do not decrypt"));
    }
  }

  /** As Go: exactly one certificate, with an Ed25519 key; no chain (auth type is "UNKNOWN"). */
  private static final class OneEd25519CertificateTrustManager extends X509ExtendedTrustManager {
    private static void check(X509Certificate[] chain) throws CertificateException {
      if (chain == null || chain.length != 1) {
        throw new CertificateException(
            "expected exactly one peer certificate, got " + (chain == null ? 0 : chain.length));
      }
      Ed25519Certificates.keyOf(chain[0]);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType)
        throws CertificateException {
      check(chain);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType)
        throws CertificateException {
      check(chain);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
        throws CertificateException {
      check(chain);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
        throws CertificateException {
      check(chain);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
        throws CertificateException {
      check(chain);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
        throws CertificateException {
      check(chain);
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
      return new X509Certificate[0];
    }
  }
}
