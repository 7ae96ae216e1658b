package org.pmos.chat.client;

import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.X509KeyManager;
import org.pmos.chat.mls.crypto.MlsSigner;
import org.pmos.chat.mls.crypto.SignatureKeyPair;
import org.pmos.chat.mls.crypto.SoftwareSigner;

/**
 * The device's identity: its certificate chain from the ministry device CA (leaf first, the
 * root left out), the key that proves it in TLS, and the same key for MLS signatures (the
 * credential binds the certificate to the MLS signature key). {@link SoftwareDeviceKey} holds
 * the key in memory; a TEE-backed implementation returns a key manager whose private key
 * signs inside the TEE.
 */
public interface DeviceKey {
    List<X509Certificate> chain();

    /** Chooses and uses the device key in the TLS handshake. */
    X509KeyManager tlsKeyManager();

    /**
     * The MLS signature key pair, for a key held in this process. A TEE-held key has none
     * (it throws {@link UnsupportedOperationException}) and overrides {@link #mlsSigner()}.
     */
    SignatureKeyPair mlsSignatureKey();

    /** Signs MLS content with the device key; by default with {@link #mlsSignatureKey()} in this process. */
    default MlsSigner mlsSigner() {
        return SoftwareSigner.of(ChatClient.SUITE, mlsSignatureKey());
    }
}
