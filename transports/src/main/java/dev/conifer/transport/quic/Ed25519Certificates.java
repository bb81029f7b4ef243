package dev.conifer.transport.quic;

import dev.conifer.snek.crypto.Signer;
import dev.conifer.snek.wire.PublicKey;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigInteger;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Date;
import org.bouncycastle.asn1.edec.EdECObjectIdentifiers;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.operator.ContentSigner;

/**
 * Self-signed X.509 certificates carrying the node's Ed25519 identity key, and the reverse: the
 * Ed25519 key inside a peer's certificate. The certificate is signed through {@link Signer}, so the
 * private key never leaves it (TLS signs through the same signer, see {@link QuicTls}).
 */
public final class Ed25519Certificates {
  private static final AlgorithmIdentifier ED25519 =
      new AlgorithmIdentifier(EdECObjectIdentifiers.id_Ed25519);
  // Fixed validity: no clock is read, and the peer key, not the dates, is what we trust.
  private static final Date NOT_BEFORE = new Date(0L);
  private static final Date NOT_AFTER = new Date(253_402_300_799_000L); // 9999-12-31T23:59:59Z

  private Ed25519Certificates() {}

  /** A self-signed certificate for {@code signer}'s key, subject CN = the key in hex. */
  public static X509Certificate selfSigned(Signer signer) {
    X500Name name = new X500Name("CN=" + signer.publicKey().toHex());
    SubjectPublicKeyInfo info = new SubjectPublicKeyInfo(ED25519, signer.publicKey().toBytes());
    X509v3CertificateBuilder builder =
        new X509v3CertificateBuilder(name, BigInteger.ONE, NOT_BEFORE, NOT_AFTER, name, info);
    try {
      byte[] der = builder.build(new SignerContentSigner(signer)).getEncoded();
      return (X509Certificate)
          CertificateFactory.getInstance("X.509")
              .generateCertificate(new ByteArrayInputStream(der));
    } catch (IOException | CertificateException e) {
      throw new IllegalStateException("cannot build the QUIC certificate: " + e.getMessage(), e);
    }
  }

  /**
   * The Ed25519 key of {@code certificate}; throws {@link CertificateException} for any other key
   * type (TLS only accepts an Ed25519 signature from it anyway).
   */
  public static PublicKey peerKey(Certificate certificate) throws CertificateException {
    SubjectPublicKeyInfo info;
    try {
      info = SubjectPublicKeyInfo.getInstance(certificate.getPublicKey().getEncoded());
    } catch (RuntimeException e) {
      throw new CertificateException("unreadable certificate key: " + e.getMessage(), e);
    }
    if (!EdECObjectIdentifiers.id_Ed25519.equals(info.getAlgorithm().getAlgorithm())) {
      throw new CertificateException(
          "certificate key is not Ed25519: " + info.getAlgorithm().getAlgorithm());
    }
    byte[] key = info.getPublicKeyData().getOctets();
    if (key.length != PublicKey.LENGTH) {
      throw new CertificateException("Ed25519 key of " + key.length + " bytes");
    }
    return PublicKey.of(key);
  }

  /** Bouncy Castle's signing hook, backed by the node's signer (PureEdDSA: the whole message). */
  private static final class SignerContentSigner implements ContentSigner {
    private final Signer signer;
    private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();

    SignerContentSigner(Signer signer) {
      this.signer = signer;
    }

    @Override
    public AlgorithmIdentifier getAlgorithmIdentifier() {
      return ED25519;
    }

    @Override
    public OutputStream getOutputStream() {
      return buffer;
    }

    @Override
    public byte[] getSignature() {
      return signer.sign(buffer.toByteArray());
    }
  }
}
