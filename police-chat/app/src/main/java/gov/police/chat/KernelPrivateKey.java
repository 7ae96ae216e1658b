package gov.police.chat;

import java.security.PrivateKey;
import org.pmos.kernel.sdk.EnrolledIdentity;

/**
 * The handset's device key as a JCA key object: it holds no key material, only the way to
 * ask the kernel to sign with the key in the TEE. The JDK's TLS engine and the MLS library's
 * {@code JcaSigner} sign with it through {@link KernelSignatureProvider}.
 */
final class KernelPrivateKey implements PrivateKey {
    private static final long serialVersionUID = 1L;
    private final transient EnrolledIdentity identity;

    KernelPrivateKey(EnrolledIdentity identity) {
        this.identity = identity;
    }

    EnrolledIdentity identity() {
        return identity;
    }

    @Override
    public String getAlgorithm() {
        return "EC";
    }

    /** Not exportable: there is no encoding. */
    @Override
    public String getFormat() {
        return null;
    }

    @Override
    public byte[] getEncoded() {
        return null;
    }

    @Override
    public String toString() {
        return "KernelPrivateKey[device key in the TEE]";
    }
}
