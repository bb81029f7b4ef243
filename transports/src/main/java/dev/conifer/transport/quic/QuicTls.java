package dev.conifer.transport.quic;

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
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.SignatureException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * TLS 1.3 for QUIC peering: both sides present a self-signed certificate of their Ed25519 node key
 * and require one from the other; ALPN {@value #ALPN}. Signing goes through {@link Signer}
 * (BoringSSL's keyless mode), so the key material never enters BoringSSL. Certificates are accepted
 * here if they hold an Ed25519 key; the peering checks that key against the Pinecone handshake.
 *
 * <p>Facts from DESIGN.md: Ed25519 must be named in the signature algorithms and key types, the
 * trust manager sees auth type "UNKNOWN", and BoringSSL must never see an Ed448 key.
 */
public final class QuicTls {
  public static final String ALPN = "conifer-peer/1";
  private static final String[] SIGNATURE_ALGORITHMS = {"ed25519"};
  private static final String KEY_TYPE = "EdDSA";

  private QuicTls() {}

  public static QuicSslContext server(Signer signer) {
    Map<String, String> keyTypes = new HashMap<>();
    for (String authMethod :
        new String[] {"ECDHE_ECDSA", "ECDHE_RSA", "RSA", "DHE_RSA", "ECDH_ECDSA", "UNKNOWN"}) {
      keyTypes.put(authMethod, KEY_TYPE);
    }
    return QuicSslContextBuilder.forServer(keyManagers(signer), null)
        .trustManager(new Ed25519OnlyTrustManager())
        .clientAuth(ClientAuth.REQUIRE)
        .applicationProtocols(ALPN)
        .option(BoringSSLContextOption.SIGNATURE_ALGORITHMS, SIGNATURE_ALGORITHMS)
        .option(BoringSSLContextOption.SERVER_KEY_TYPES, keyTypes)
        .build();
  }

  public static QuicSslContext client(Signer signer) {
    return QuicSslContextBuilder.forClient()
        .keyManager(keyManagers(signer), null)
        .trustManager(new Ed25519OnlyTrustManager())
        .applicationProtocols(ALPN)
        .option(BoringSSLContextOption.SIGNATURE_ALGORITHMS, SIGNATURE_ALGORITHMS)
        .option(BoringSSLContextOption.CLIENT_KEY_TYPES, Set.of(KEY_TYPE))
        .build();
  }

  private static KeyManagerFactory keyManagers(Signer signer) {
    try {
      return BoringSSLKeylessManagerFactory.newKeyless(
          new SignerKeyMethod(signer),
          Ed25519Certificates.selfSigned(signer, java.time.Instant.now()));
    } catch (GeneralSecurityException | java.io.IOException e) {
      throw new IllegalStateException("cannot set up QUIC TLS keys: " + e.getMessage(), e);
    }
  }

  /** Signs TLS 1.3 CertificateVerify messages with the node key; refuses anything but Ed25519. */
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

  /**
   * Accepts any certificate with an Ed25519 key: identity is the key itself, compared with the
   * Pinecone handshake once the stream is open. Auth type arrives as "UNKNOWN" and is ignored.
   */
  static final class Ed25519OnlyTrustManager extends X509ExtendedTrustManager {
    private static void check(X509Certificate[] chain) throws CertificateException {
      if (chain == null || chain.length == 0) {
        throw new CertificateException("no peer certificate");
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
