package org.pmos.chat.mls.group;

import java.util.List;
import org.pmos.chat.mls.crypto.CipherSuite;
import org.pmos.chat.mls.crypto.HpkeKeyPair;
import org.pmos.chat.mls.crypto.MlsCrypto;
import org.pmos.chat.mls.crypto.SignatureKeyPair;
import org.pmos.chat.mls.messages.Capabilities;
import org.pmos.chat.mls.messages.Credential;
import org.pmos.chat.mls.messages.KeyPackage;
import org.pmos.chat.mls.messages.LeafNode;
import org.pmos.chat.mls.messages.WireFormat;

/**
 * A KeyPackage with the private keys its owner keeps to join with it: the init key (for the
 * Welcome) and the leaf encryption key. The caller stores it until used, then deletes it.
 */
public record KeyPackageBundle(KeyPackage keyPackage, byte[] initPrivateKey, byte[] encryptionPrivateKey,
        byte[] signaturePrivateKey) {

    /** The capabilities this library offers: MLS 1.0, suites 1-3, basic and X.509 credentials. */
    public static Capabilities defaultCapabilities() {
        return new Capabilities(List.of(WireFormat.MLS10), List.of(1, 2, 3), List.of(), List.of(),
                List.of(Credential.BASIC, Credential.X509));
    }

    public static KeyPackageBundle create(CipherSuite suite, SignatureKeyPair signer, Credential credential,
            long notBefore, long notAfter) {
        MlsCrypto c = MlsCrypto.of(suite);
        HpkeKeyPair init = c.generateHpkeKeyPair();
        HpkeKeyPair enc = c.generateHpkeKeyPair();
        LeafNode unsigned = new LeafNode(enc.publicKey(), signer.publicKey(), credential, defaultCapabilities(),
                LeafNode.SOURCE_KEY_PACKAGE, notBefore, notAfter, null, List.of(), new byte[0]);
        LeafNode leaf = unsigned.withSignature(
                c.signWithLabel(signer.privateKey(), "LeafNodeTBS", unsigned.toBeSigned(null, 0)));
        KeyPackage unsignedKp = new KeyPackage(WireFormat.MLS10, suite.id(), init.publicKey(), leaf, List.of(),
                new byte[0]);
        KeyPackage kp = new KeyPackage(WireFormat.MLS10, suite.id(), init.publicKey(), leaf, List.of(),
                c.signWithLabel(signer.privateKey(), "KeyPackageTBS", unsignedKp.toBeSigned()));
        return new KeyPackageBundle(kp, init.privateKey(), enc.privateKey(), signer.privateKey());
    }

    @Override
    public String toString() {
        return "KeyPackageBundle[private keys hidden]";
    }
}
