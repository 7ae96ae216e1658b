package org.pmos.crypto.keystore;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.pmos.crypto.attestation.AuthorizationList;
import org.pmos.crypto.attestation.AuthorizationTag;
import org.pmos.crypto.attestation.KeyDescription;
import org.pmos.crypto.attestation.KeyDescriptionCodec;
import org.pmos.crypto.attestation.RootOfTrust;
import org.pmos.crypto.attestation.SecurityLevel;
import org.pmos.crypto.internal.ContentSigners;
import org.pmos.crypto.internal.Providers;
import org.pmos.crypto.key.KeyHandle;
import org.pmos.crypto.suite.AlgorithmSuite;

/** The certificates of key attestation, laid out as KeyMint and Android factories make them. */
final class AttestationCertificates {
    /** KeyMint 3 (Android 14): attestation version 300. */
    static final int ATTESTATION_VERSION = 300;
    static final int KEYMINT_VERSION = 300;
    /** KeyMint's default certificate subject for attested keys. */
    static final String KEY_SUBJECT = "CN=Android Keystore Key";
    /** Real attestation leaves end far in the future; 2048 as many shipping devices do. */
    static final Instant KEY_NOT_AFTER = Instant.parse("2048-01-01T00:00:00Z");

    // KeyMint enum values (hardware/interfaces/security/keymint/aidl: Algorithm, KeyPurpose, Digest, EcCurve, KeyOrigin).
    private static final long ALGORITHM_EC = 3;
    private static final long PURPOSE_SIGN = 2;
    private static final long PURPOSE_VERIFY = 3;
    private static final long PURPOSE_AGREE_KEY = 6;
    private static final long DIGEST_NONE = 0;
    private static final long DIGEST_SHA_2_256 = 4;
    private static final long EC_CURVE_P_256 = 1;
    private static final long EC_CURVE_25519 = 4;
    private static final long ORIGIN_GENERATED = 0;

    private static final SecureRandom RANDOM = new SecureRandom();

    private AttestationCertificates() {}

    /** The per-handset attestation key's certificate, signed by the OEM root at the factory. */
    static X509Certificate factoryCertificate(OemAttestationRoot oem, PublicKey attestationKey, DeviceIds ids, Instant now)
            throws GeneralSecurityException {
        X500Name subject = new X500NameBuilder(BCStyle.INSTANCE)
                .addRDN(BCStyle.SERIALNUMBER, ids.serial())
                .addRDN(BCStyle.T, "TEE")
                .addRDN(BCStyle.O, ids.manufacturer())
                .build();
        Instant notBefore = now.truncatedTo(ChronoUnit.SECONDS);
        X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(
                X500Name.getInstance(oem.certificate().getSubjectX500Principal().getEncoded()),
                new BigInteger(128, RANDOM).setBit(127), Date.from(notBefore),
                Date.from(notBefore.plus(20 * 366, ChronoUnit.DAYS)), subject, attestationKey);
        JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
        try {
            b.addExtension(Extension.basicConstraints, true, new BasicConstraints(0));
            b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.digitalSignature));
            b.addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(attestationKey));
            b.addExtension(Extension.authorityKeyIdentifier, false, ext.createAuthorityKeyIdentifier(oem.certificate().getPublicKey()));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return toX509(b.build(oem.contentSigner()));
    }

    /** The attested key's certificate: KeyDescription inside, signed by the factory attestation key. */
    static X509Certificate keyCertificate(KeyHandle attestationKey, X509Certificate issuer,
            PublicKey subjectKey, KeyDescription description, Instant now) throws GeneralSecurityException {
        X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(
                X500Name.getInstance(issuer.getSubjectX500Principal().getEncoded()), BigInteger.ONE,
                Date.from(now.truncatedTo(ChronoUnit.SECONDS)), Date.from(KEY_NOT_AFTER), new X500Name(KEY_SUBJECT), subjectKey);
        boolean agreement = description.hardwareEnforced().integerSet(AuthorizationTag.PURPOSE).contains(PURPOSE_AGREE_KEY);
        try {
            b.addExtension(Extension.keyUsage, true, new KeyUsage(agreement ? KeyUsage.keyAgreement : KeyUsage.digitalSignature));
            b.addExtension(new ASN1ObjectIdentifier(KeyDescription.OID), false, KeyDescriptionCodec.encode(description));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return toX509(b.build(ContentSigners.forX509(attestationKey)));
    }

    /** KeyDescription of a freshly generated key, with everything the TEE enforces in hardwareEnforced. */
    static KeyDescription describe(AlgorithmSuite suite, byte[] challenge, DeviceIds ids, RootOfTrust rootOfTrust,
            SystemVersions versions, Instant now) {
        AuthorizationList.Builder hw = AuthorizationList.builder();
        switch (suite) {
            case ECDSA_P256_SHA256 -> hw.integers(AuthorizationTag.PURPOSE, PURPOSE_SIGN, PURPOSE_VERIFY)
                    .integers(AuthorizationTag.DIGEST, DIGEST_SHA_2_256).integer(AuthorizationTag.EC_CURVE, EC_CURVE_P_256);
            case ED25519 -> hw.integers(AuthorizationTag.PURPOSE, PURPOSE_SIGN)
                    .integers(AuthorizationTag.DIGEST, DIGEST_NONE).integer(AuthorizationTag.EC_CURVE, EC_CURVE_25519);
            case ECDH_P256 -> hw.integers(AuthorizationTag.PURPOSE, PURPOSE_AGREE_KEY).integer(AuthorizationTag.EC_CURVE, EC_CURVE_P_256);
            case X25519 -> hw.integers(AuthorizationTag.PURPOSE, PURPOSE_AGREE_KEY).integer(AuthorizationTag.EC_CURVE, EC_CURVE_25519);
            // KeyMint has no SM2 curve or SM3 digest value: an EC key of 256 bits, curve and digest left out.
            case SM2_SM3 -> hw.integers(AuthorizationTag.PURPOSE, PURPOSE_SIGN, PURPOSE_VERIFY);
            default -> throw new IllegalArgumentException(suite + " keys are not kept in the TEE");
        }
        hw.integer(AuthorizationTag.ALGORITHM, ALGORITHM_EC)
                .integer(AuthorizationTag.KEY_SIZE, 256)
                .flag(AuthorizationTag.NO_AUTH_REQUIRED)
                .integer(AuthorizationTag.ORIGIN, ORIGIN_GENERATED)
                .rootOfTrust(rootOfTrust)
                .integer(AuthorizationTag.OS_VERSION, versions.osVersion())
                .integer(AuthorizationTag.OS_PATCH_LEVEL, versions.osPatchLevel())
                .attestationId(AuthorizationTag.ATTESTATION_ID_BRAND, ids.brand())
                .attestationId(AuthorizationTag.ATTESTATION_ID_DEVICE, ids.device())
                .attestationId(AuthorizationTag.ATTESTATION_ID_PRODUCT, ids.product())
                .attestationId(AuthorizationTag.ATTESTATION_ID_SERIAL, ids.serial())
                .attestationId(AuthorizationTag.ATTESTATION_ID_IMEI, ids.imei())
                .attestationId(AuthorizationTag.ATTESTATION_ID_MANUFACTURER, ids.manufacturer())
                .attestationId(AuthorizationTag.ATTESTATION_ID_MODEL, ids.model())
                .integer(AuthorizationTag.VENDOR_PATCH_LEVEL, versions.vendorPatchLevel())
                .integer(AuthorizationTag.BOOT_PATCH_LEVEL, versions.bootPatchLevel());
        AuthorizationList sw = AuthorizationList.builder()
                .integer(AuthorizationTag.CREATION_DATETIME, now.toEpochMilli())
                .build();
        return new KeyDescription(ATTESTATION_VERSION, SecurityLevel.TRUSTED_ENVIRONMENT, KEYMINT_VERSION,
                SecurityLevel.TRUSTED_ENVIRONMENT, challenge, new byte[0], sw, hw.build());
    }


    private static X509Certificate toX509(X509CertificateHolder holder) throws GeneralSecurityException {
        try {
            return (X509Certificate) CertificateFactory.getInstance("X.509", Providers.bouncyCastle()).generateCertificate(new ByteArrayInputStream(holder.getEncoded()));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
