package org.pmos.kernel.handset;

import java.util.Objects;
import org.pmos.crypto.keystore.OemAttestationRoot;

/**
 * What the handset maker's factory line holds: the attestation root that certifies each
 * handset's TEE attestation key, and the OEM's AVB public key (libavb blob) that the
 * bootloader ROM trusts for GREEN boots.
 */
public record OemPki(OemAttestationRoot attestationRoot, byte[] avbPublicKey) {
    public OemPki {
        Objects.requireNonNull(attestationRoot, "attestationRoot");
        avbPublicKey = avbPublicKey.clone();
    }

    @Override
    public byte[] avbPublicKey() {
        return avbPublicKey.clone();
    }
}
