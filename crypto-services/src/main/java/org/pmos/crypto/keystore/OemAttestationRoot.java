package org.pmos.crypto.keystore;

import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.Objects;
import java.util.function.Supplier;
import org.bouncycastle.operator.ContentSigner;
import org.pmos.crypto.api.Signer;
import org.pmos.crypto.internal.ContentSigners;
import org.pmos.crypto.key.KeyHandle;
import org.pmos.crypto.suite.AlgorithmSuite;

/**
 * The handset maker's attestation root as the factory line sees it: what signs (e.g. the
 * PKI's {@code oem-attestation-root} key, P-256 or SM2) and its certificate. Only the factory
 * holds one; it signs each handset's attestation key certificate.
 */
public final class OemAttestationRoot {
    private final Supplier<ContentSigner> signer;
    private final X509Certificate certificate;

    /**
     * A root whose key lives elsewhere and signs through {@code signer} (a raw signer of
     * {@code suite}). Not for SM2, whose X.509 distinguishing ID a {@link Signer} cannot set:
     * use {@link #of(KeyHandle, X509Certificate)}.
     */
    public OemAttestationRoot(Signer signer, AlgorithmSuite suite, X509Certificate certificate) {
        Objects.requireNonNull(signer, "signer");
        if (suite == AlgorithmSuite.SM2_SM3 || suite.kind() != AlgorithmSuite.Kind.SIGNATURE) {
            throw new IllegalArgumentException(suite + ": use OemAttestationRoot.of(KeyHandle, X509Certificate)");
        }
        this.signer = () -> ContentSigners.of(signer, suite);
        this.certificate = Objects.requireNonNull(certificate, "certificate");
    }

    private OemAttestationRoot(Supplier<ContentSigner> signer, X509Certificate certificate) {
        this.signer = signer;
        this.certificate = certificate;
    }

    /**
     * @param key a signature key pair whose public key is {@code certificate}'s (for the PKI's
     *     PKCS#12 entry: {@code KeyHandle.ofKeyPair(suite, cert.getPublicKey(), entry.key(), SecretAccess.get())})
     */
    public static OemAttestationRoot of(KeyHandle key, X509Certificate certificate) {
        Objects.requireNonNull(certificate, "certificate");
        if (key.suite().kind() != AlgorithmSuite.Kind.SIGNATURE || !key.hasSecretPart()) {
            throw new IllegalArgumentException("the OEM root needs a signing key pair, not " + key);
        }
        if (!Arrays.equals(certificate.getPublicKey().getEncoded(), key.publicKey().orElseThrow().getEncoded())) {
            throw new IllegalArgumentException("the key is not the certificate's key");
        }
        return new OemAttestationRoot(() -> ContentSigners.forX509(key), certificate);
    }

    public X509Certificate certificate() {
        return certificate;
    }

    ContentSigner contentSigner() {
        return signer.get();
    }
}
