package org.pmos.crypto.keystore;

import java.security.cert.X509Certificate;
import java.util.Objects;
import org.bouncycastle.operator.ContentSigner;
import org.pmos.crypto.internal.ContentSigners;
import org.pmos.crypto.key.KeyHandle;
import org.pmos.crypto.suite.AlgorithmSuite;

/**
 * The handset maker's attestation root as the factory line sees it: its key (e.g. the PKI's
 * {@code oem-attestation-root} key, P-256 or SM2) and its certificate. Only the factory
 * holds one; it signs each handset's attestation key certificate.
 */
public final class OemAttestationRoot {
    private final KeyHandle key;
    private final X509Certificate certificate;

    private OemAttestationRoot(KeyHandle key, X509Certificate certificate) {
        this.key = key;
        this.certificate = certificate;
    }

    /**
     * @param key a signature key pair whose public key is {@code certificate}'s
     *     (for a PKCS#12 entry: {@code KeyHandle.ofKeyPair(suite, cert.getPublicKey(), privateKey, SecretAccess.get())})
     */
    public static OemAttestationRoot of(KeyHandle key, X509Certificate certificate) {
        Objects.requireNonNull(certificate, "certificate");
        if (key.suite().kind() != AlgorithmSuite.Kind.SIGNATURE || !key.hasSecretPart()) {
            throw new IllegalArgumentException("the OEM root needs a signing key pair, not " + key);
        }
        if (!certificate.getPublicKey().equals(key.publicKey().orElseThrow())
                && !java.util.Arrays.equals(certificate.getPublicKey().getEncoded(), key.publicKey().orElseThrow().getEncoded())) {
            throw new IllegalArgumentException("the key is not the certificate's key");
        }
        return new OemAttestationRoot(key, certificate);
    }

    public X509Certificate certificate() {
        return certificate;
    }

    ContentSigner contentSigner() {
        return ContentSigners.forX509(key);
    }
}
