package gov.police.chat;

import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.X509KeyManager;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.pmos.chat.client.DeviceKey;
import org.pmos.chat.client.DeviceKeyManager;
import org.pmos.chat.mls.crypto.CipherSuite;
import org.pmos.chat.mls.crypto.JcaSigner;
import org.pmos.chat.mls.crypto.MlsSigner;
import org.pmos.chat.mls.crypto.SignatureKeyPair;
import org.pmos.kernel.sdk.EnrolledIdentity;

/**
 * The handset's enrolled device key for the chat client: the certificate chain the
 * provisioning server issued (root left out: it is the trust anchor) and a key that signs in
 * the TEE through the kernel, for TLS (the key manager) and MLS (a {@link JcaSigner}). The
 * private key never reaches this process.
 */
final class KernelDeviceKey implements DeviceKey {
    private final List<X509Certificate> chain;
    private final KernelPrivateKey key;

    KernelDeviceKey(List<X509Certificate> chainWithoutRoot, EnrolledIdentity identity) {
        if (chainWithoutRoot.isEmpty()) {
            throw new IllegalArgumentException("empty device chain");
        }
        this.chain = List.copyOf(chainWithoutRoot);
        this.key = new KernelPrivateKey(identity);
        KernelSignatureProvider.install();
    }

    @Override
    public List<X509Certificate> chain() {
        return chain;
    }

    @Override
    public SignatureKeyPair mlsSignatureKey() {
        throw new UnsupportedOperationException("the device key stays in the TEE");
    }

    @Override
    public MlsSigner mlsSigner() {
        byte[] pub = SubjectPublicKeyInfo.getInstance(chain.get(0).getPublicKey().getEncoded()).getPublicKeyData().getBytes();
        return new JcaSigner(CipherSuite.SignatureScheme.ECDSA_P256_SHA256, pub, key);
    }

    @Override
    public X509KeyManager tlsKeyManager() {
        return new DeviceKeyManager(chain, key);
    }
}
