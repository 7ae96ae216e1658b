package org.pmos.chat.client;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.interfaces.ECPrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.X509KeyManager;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.pmos.chat.mls.crypto.SignatureKeyPair;

/** A device key held in this process (tests, tools, the demo); P-256 keys only (MLS suite 2). */
public final class SoftwareDeviceKey implements DeviceKey {

    private final PrivateKey key;
    private final List<X509Certificate> chain;

    public SoftwareDeviceKey(PrivateKey key, List<X509Certificate> chain) throws GeneralSecurityException {
        if (chain.isEmpty()) {
            throw new IllegalArgumentException("empty certificate chain");
        }
        // As a JDK key object, so the JDK's TLS engine can sign with it whatever provider made it.
        this.key = KeyFactory.getInstance(key.getAlgorithm()).generatePrivate(new PKCS8EncodedKeySpec(key.getEncoded()));
        if (!(this.key instanceof ECPrivateKey)) {
            throw new IllegalArgumentException("police chat needs a P-256 device key (MLS cipher suite 2)");
        }
        this.chain = List.copyOf(chain);
    }

    @Override
    public List<X509Certificate> chain() {
        return chain;
    }

    @Override
    public X509KeyManager tlsKeyManager() {
        return new DeviceKeyManager(chain, key);
    }

    @Override
    public SignatureKeyPair mlsSignatureKey() {
        byte[] pub = SubjectPublicKeyInfo.getInstance(chain.get(0).getPublicKey().getEncoded()).getPublicKeyData()
                .getBytes();
        byte[] s = ((ECPrivateKey) key).getS().toByteArray();
        byte[] scalar = new byte[32];
        int n = Math.min(32, s.length);
        System.arraycopy(s, s.length - n, scalar, 32 - n, n);
        return new SignatureKeyPair(pub, scalar);
    }

    @Override
    public String toString() {
        return "SoftwareDeviceKey[private key hidden]";
    }
}
