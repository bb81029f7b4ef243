package dev.conifer.transport.tls;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.conifer.snek.crypto.Ed25519;
import dev.conifer.snek.crypto.Signer;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * The one trust rule QUIC peering and sessions share: exactly one certificate, holding an Ed25519
 * key (as Go Pinecone's sessions). The two copies this replaced disagreed on "at least one".
 */
class OneEd25519CertificateTrustManagerTest {
  private static final Instant NOW = Instant.parse("2026-12-06T12:00:00Z");
  private final OneEd25519CertificateTrustManager trust = new OneEd25519CertificateTrustManager();
  private final X509Certificate a = certificate(1);
  private final X509Certificate b = certificate(2);

  private static X509Certificate certificate(int seedByte) {
    byte[] seed = new byte[Ed25519.SEED_LENGTH];
    Arrays.fill(seed, (byte) seedByte);
    Signer signer = Ed25519.signerFromSeed(seed);
    return Ed25519Certificates.selfSigned(signer, NOW);
  }

  @Test
  void acceptsExactlyOneEd25519CertificateOnBothSides() {
    assertThatCode(() -> trust.checkClientTrusted(new X509Certificate[] {a}, "UNKNOWN"))
        .doesNotThrowAnyException();
    assertThatCode(() -> trust.checkServerTrusted(new X509Certificate[] {a}, "UNKNOWN"))
        .doesNotThrowAnyException();
  }

  @Test
  void refusesAChainOfTwo() {
    assertThatThrownBy(() -> trust.checkClientTrusted(new X509Certificate[] {a, b}, "UNKNOWN"))
        .isInstanceOf(CertificateException.class)
        .hasMessage("expected exactly one peer certificate, got 2");
    assertThatThrownBy(
            () ->
                trust.checkServerTrusted(
                    new X509Certificate[] {a, b}, "UNKNOWN", (java.net.Socket) null))
        .hasMessage("expected exactly one peer certificate, got 2");
  }

  @Test
  void refusesNoCertificate() {
    assertThatThrownBy(() -> trust.checkServerTrusted(new X509Certificate[0], "UNKNOWN"))
        .hasMessage("expected exactly one peer certificate, got 0");
    assertThatThrownBy(() -> trust.checkClientTrusted(null, "UNKNOWN"))
        .hasMessage("expected exactly one peer certificate, got 0");
  }
}
