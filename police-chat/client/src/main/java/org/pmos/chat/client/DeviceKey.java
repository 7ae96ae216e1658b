package org.pmos.chat.client;

import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.X509KeyManager;
import org.pmos.chat.mls.crypto.SignatureKeyPair;

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
     * The MLS signature key pair. The MLS library signs with the raw key for now, so a
     * TEE-held key cannot be used here until the library takes a signer.
     */
    SignatureKeyPair mlsSignatureKey();
}
