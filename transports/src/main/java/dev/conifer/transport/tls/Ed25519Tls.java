package dev.conifer.transport.tls;

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
import java.security.GeneralSecurityException;
import java.security.SignatureException;
import java.security.cert.X509Certificate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLEngine;

/**
 * TLS 1.3 contexts for QUIC between Ed25519 node keys, used by QUIC peering and by sessions: both
 * sides present the node certificate ({@link Ed25519Certificates}) and require the peer's, checked
 * by {@link OneEd25519CertificateTrustManager}. Signing goes through BoringSSL's keyless mode and
 * the node {@link Signer}, so the key never enters BoringSSL. Which key the peer must hold is the
 * caller's check once the handshake is done: the trust manager does not know whom a connection was
 * meant for.
 *
 * <p>Netty QUIC facts (docs/ARCHITECTURE.md): Ed25519 must be named in the signature algorithms and
 * the key types, the trust manager sees auth type "UNKNOWN", and BoringSSL must never see an Ed448
 * key.
 */
public final class Ed25519Tls {
  private static final String[] SIGNATURE_ALGORITHMS = {"ed25519"};
  private static final String KEY_TYPE = "EdDSA";
  private static final String[] SERVER_AUTH_METHODS = {
    "ECDHE_ECDSA", "ECDHE_RSA", "RSA", "DHE_RSA", "ECDH_ECDSA", "UNKNOWN"
  };

  private final KeyManagerFactory keyManagers;

  /** {@code certificate} must be {@code signer}'s, e.g. {@link Ed25519Certificates#selfSigned}. */
  public Ed25519Tls(Signer signer, X509Certificate certificate) {
    try {
      this.keyManagers =
          BoringSSLKeylessManagerFactory.newKeyless(new SignerKeyMethod(signer), certificate);
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException("cannot set up Ed25519 TLS keys: " + e.getMessage(), e);
    }
  }

  /** A server context that requires a client certificate and offers {@code alpns}. */
  public QuicSslContext server(List<String> alpns) {
    Map<String, String> keyTypes = new HashMap<>();
    for (String method : SERVER_AUTH_METHODS) {
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

  /** A client context for {@code alpn} that presents the node certificate. */
  public QuicSslContext client(String alpn) {
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
}
