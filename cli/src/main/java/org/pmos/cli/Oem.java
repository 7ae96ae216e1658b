package org.pmos.cli;

import java.security.cert.X509Certificate;
import org.pmos.crypto.key.KeyHandle;
import org.pmos.crypto.key.SecretAccess;
import org.pmos.crypto.keystore.OemAttestationRoot;
import org.pmos.crypto.pki.KeyKind;
import org.pmos.crypto.pki.KeyStoreFile;
import org.pmos.crypto.pki.MinistryPki;
import org.pmos.crypto.pki.PkiEntity;
import org.pmos.crypto.suite.AlgorithmSuite;
import org.pmos.image.vbmeta.AvbPublicKey;
import org.pmos.kernel.handset.OemPki;

/** The handset maker's factory material, taken from the OEM entities of a PKI folder. */
final class Oem {
    private Oem() {}

    static OemPki load(MinistryPki pki, char[] password) throws Exception {
        X509Certificate rootCert = pki.certificate(PkiEntity.OEM_ATTESTATION_ROOT);
        KeyStoreFile.Entry root = pki.keyEntry(PkiEntity.OEM_ATTESTATION_ROOT, password);
        AlgorithmSuite suite = KeyKind.of(rootCert.getPublicKey()) == KeyKind.SM2
                ? AlgorithmSuite.SM2_SM3 : AlgorithmSuite.ECDSA_P256_SHA256;
        OemAttestationRoot attestation = OemAttestationRoot.of(
                KeyHandle.ofKeyPair(suite, rootCert.getPublicKey(), root.key(), SecretAccess.get()), rootCert);
        byte[] avb = AvbPublicKey.of(pki.certificate(PkiEntity.OEM_IMAGE_SIGNING).getPublicKey()).encoded();
        return new OemPki(attestation, avb);
    }
}
