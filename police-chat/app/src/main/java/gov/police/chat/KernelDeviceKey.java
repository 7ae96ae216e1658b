package gov.police.chat;

import java.net.Socket;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedKeyManager;
import javax.net.ssl.X509KeyManager;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.pmos.chat.client.DeviceKey;
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
    private static final String ALIAS = "device";
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
        return new X509ExtendedKeyManager() {
            @Override
            public String[] getClientAliases(String keyType, Principal[] issuers) {
                return new String[] {ALIAS};
            }

            @Override
            public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
                return ALIAS;
            }

            @Override
            public String chooseEngineClientAlias(String[] keyType, Principal[] issuers, SSLEngine engine) {
                return ALIAS;
            }

            @Override
            public String[] getServerAliases(String keyType, Principal[] issuers) {
                return null;
            }

            @Override
            public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
                return null;
            }

            @Override
            public X509Certificate[] getCertificateChain(String alias) {
                return chain.toArray(X509Certificate[]::new);
            }

            @Override
            public PrivateKey getPrivateKey(String alias) {
                return key;
            }
        };
    }
}
