package org.pmos.crypto.keystore;

import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.util.List;
import org.pmos.crypto.suite.AlgorithmSuite;

/**
 * What the TEE tells about a key it holds: public parts only. With an attestation challenge
 * the chain is [key certificate, factory attestation certificate, OEM attestation root];
 * without one it is empty.
 */
public record GeneratedKey(String alias, AlgorithmSuite suite, PublicKey publicKey, List<X509Certificate> certificateChain) {
    public GeneratedKey {
        certificateChain = List.copyOf(certificateChain);
    }
}
