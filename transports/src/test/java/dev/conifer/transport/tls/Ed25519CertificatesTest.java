package dev.conifer.transport.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.conifer.snek.crypto.Ed25519;
import dev.conifer.snek.crypto.Signer;
import java.security.KeyPairGenerator;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.bouncycastle.asn1.ASN1GeneralizedTime;
import org.bouncycastle.asn1.x509.Certificate;
import org.junit.jupiter.api.Test;

/** The certificate matches Go Pinecone's sessions certificate field by field (PROTOCOL.md §12). */
class Ed25519CertificatesTest {
  private final Signer signer = seeded(5);

  private static Signer seeded(int n) {
    byte[] seed = new byte[Ed25519.SEED_LENGTH];
    java.util.Arrays.fill(seed, (byte) n);
    return Ed25519.signerFromSeed(seed);
  }

  private final Instant now = Instant.parse("2026-11-24T10:00:00Z");
  private final X509Certificate cert = Ed25519Certificates.selfSigned(signer, now);

  @Test
  void namesTheKeyInHexAsSubjectIssuerAndDnsName() throws Exception {
    String hex = signer.publicKey().toHex();
    assertThat(cert.getSubjectX500Principal().getName()).isEqualTo("CN=" + hex);
    assertThat(cert.getIssuerX500Principal()).isEqualTo(cert.getSubjectX500Principal());
    assertThat(cert.getSubjectAlternativeNames()).containsExactly(List.of(2, hex));
    assertThat(cert.getVersion()).isEqualTo(3);
    assertThat(cert.getSerialNumber()).isEqualTo(1);
  }

  @Test
  void isValidFromYearOneForAYear() throws Exception {
    Certificate parsed = Certificate.getInstance(cert.getEncoded());
    // Go encodes year 1 as GeneralizedTime (UTCTime only covers 1950-2049).
    assertThat(parsed.getStartDate().toASN1Primitive())
        .isInstanceOfSatisfying(
            ASN1GeneralizedTime.class,
            t -> assertThat(t.getTimeString()).isEqualTo("00010101000000Z"));
    assertThat(cert.getNotAfter().toInstant()).isEqualTo(now.plus(365, ChronoUnit.DAYS));
    assertThat(cert.getNotAfter().toInstant().atZone(ZoneOffset.UTC).getYear()).isEqualTo(2027);
  }

  @Test
  void holdsTheNodeKeyAndIsSignedByIt() throws Exception {
    assertThat(Ed25519Certificates.keyOf(cert)).isEqualTo(signer.publicKey());
    cert.verify(cert.getPublicKey()); // throws if the self-signature is bad
    assertThat(cert.getSigAlgName()).isIn("Ed25519", "EdDSA");
  }

  @Test
  void refusesCertificatesWithOtherKeyTypes() throws Exception {
    KeyPairGenerator ec = KeyPairGenerator.getInstance("EC");
    java.security.PublicKey ecKey = ec.generateKeyPair().getPublic();
    java.security.cert.Certificate fake =
        new java.security.cert.Certificate("X.509") {
          @Override
          public byte[] getEncoded() {
            return new byte[0];
          }

          @Override
          public void verify(java.security.PublicKey key) {}

          @Override
          public void verify(java.security.PublicKey key, String sigProvider) {}

          @Override
          public String toString() {
            return "fake";
          }

          @Override
          public java.security.PublicKey getPublicKey() {
            return ecKey;
          }
        };
    assertThatThrownBy(() -> Ed25519Certificates.keyOf(fake))
        .isInstanceOf(CertificateException.class)
        .hasMessageContaining("not Ed25519");
  }
}
