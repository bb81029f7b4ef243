package dev.conifer.transport.tls;

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
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import org.bouncycastle.asn1.ASN1GeneralizedTime;
import org.bouncycastle.asn1.ASN1UTCTime;
import org.bouncycastle.asn1.edec.EdECObjectIdentifiers;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x509.Time;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.operator.ContentSigner;

/**
 * Self-signed X.509 certificates for the node's Ed25519 identity, in Go Pinecone's session format
 * (PROTOCOL.md §12): subject and issuer CN and SAN DNS name = the key in lowercase hex, serial 1,
 * valid from 0001-01-01, public key = the Ed25519 node key, signed by it through {@link Signer}
 * (the private key never leaves it). Sessions and QUIC peering both present one; what peers trust
 * is the key inside, read back with {@link #keyOf}. The time is an argument: only the node reads
 * the clock.
 */
public final class Ed25519Certificates {
  private static final AlgorithmIdentifier ED25519 =
      new AlgorithmIdentifier(EdECObjectIdentifiers.id_Ed25519);
  // Go's NotBefore is the zero time.Time; GeneralizedTime keeps year 0001 exact.
  private static final Time NOT_BEFORE = new Time(new ASN1GeneralizedTime("00010101000000Z"));
  private static final DateTimeFormatter UTC_TIME =
      DateTimeFormatter.ofPattern("yyMMddHHmmss'Z'").withZone(ZoneOffset.UTC);

  private Ed25519Certificates() {}

  /** Go's validity: until {@code now} plus 365 days. */
  public static X509Certificate selfSigned(Signer signer, Instant now) {
    return selfSignedUntil(signer, now.plus(365, ChronoUnit.DAYS));
  }

  /** Valid until {@code notAfter} (before 2050, the end of X.509's UTCTime). */
  public static X509Certificate selfSignedUntil(Signer signer, Instant notAfter) {
    String hex = signer.publicKey().toHex();
    X500Name name = new X500Name("CN=" + hex);
    notAfter = notAfter.truncatedTo(ChronoUnit.SECONDS);
    X509v3CertificateBuilder builder =
        new X509v3CertificateBuilder(
            name,
            BigInteger.ONE,
            NOT_BEFORE,
            new Time(new ASN1UTCTime(UTC_TIME.format(notAfter))),
            name,
            new SubjectPublicKeyInfo(ED25519, signer.publicKey().toBytes()));
    try {
      builder.addExtension(
          Extension.subjectAlternativeName,
          false,
          new GeneralNames(new GeneralName(GeneralName.dNSName, hex)));
      byte[] der = builder.build(new SignerContentSigner(signer)).getEncoded();
      return (X509Certificate)
          CertificateFactory.getInstance("X.509")
              .generateCertificate(new ByteArrayInputStream(der));
    } catch (IOException | CertificateException e) {
      throw new IllegalStateException("cannot build the node certificate: " + e, e);
    }
  }

  /** The Ed25519 key in {@code certificate}; {@link CertificateException} for any other kind. */
  public static PublicKey keyOf(Certificate certificate) throws CertificateException {
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

  /** BouncyCastle's signing hook backed by the node signer (PureEdDSA signs the whole message). */
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
