package org.pmos.crypto.keystore;

import java.security.cert.X509Certificate;
import java.util.Objects;
import org.pmos.crypto.api.Signer;
import org.pmos.crypto.suite.AlgorithmSuite;

/**
 * The handset maker's attestation root as the factory line sees it: something that signs
 * (a raw {@link Signer} of {@code suite}, e.g. backed by the PKI's key) and its certificate.
 */
public record OemAttestationRoot(Signer signer, AlgorithmSuite suite, X509Certificate certificate) {
    public OemAttestationRoot {
        Objects.requireNonNull(signer, "signer");
        Objects.requireNonNull(suite, "suite");
        Objects.requireNonNull(certificate, "certificate");
        if (suite.kind() != AlgorithmSuite.Kind.SIGNATURE) {
            throw new IllegalArgumentException(suite + " cannot sign certificates");
        }
    }
}
