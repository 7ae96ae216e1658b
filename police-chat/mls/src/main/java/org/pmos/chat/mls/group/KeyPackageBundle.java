package org.pmos.chat.mls.group;

import java.util.List;
import org.pmos.chat.mls.crypto.CipherSuite;
import org.pmos.chat.mls.crypto.HpkeKeyPair;
import org.pmos.chat.mls.crypto.MlsCrypto;
import org.pmos.chat.mls.crypto.MlsSigner;
import org.pmos.chat.mls.crypto.SignatureKeyPair;
import org.pmos.chat.mls.crypto.SoftwareSigner;
import org.pmos.chat.mls.messages.Capabilities;
import org.pmos.chat.mls.messages.Credential;
import org.pmos.chat.mls.messages.KeyPackage;
import org.pmos.chat.mls.messages.LeafNode;
import org.pmos.chat.mls.messages.WireFormat;

/**
 * A KeyPackage with what its owner keeps to join with it: the init private key (for the
 * Welcome), the leaf encryption private key, and the signer of the leaf's signature key. The
 * caller stores it until used, then deletes it.
 */
public record KeyPackageBundle(KeyPackage keyPackage, byte[] initPrivateKey, byte[] encryptionPrivateKey,
        MlsSigner signer) {

    /** A bundle whose signature key is a software key (as stored by callers before signers existed). */
    public KeyPackageBundle(KeyPackage keyPackage, byte[] initPrivateKey, byte[] encryptionPrivateKey,
            byte[] signaturePrivateKey) {
        this(keyPackage, initPrivateKey, encryptionPrivateKey, SoftwareSigner.ofPrivateKey(
                CipherSuite.fromId(keyPackage.cipherSuite()).orElseThrow(
                        () -> new IllegalArgumentException("unsupported suite " + keyPackage.cipherSuite())),
                signaturePrivateKey));
    }

    /** The software signature key; refused when the key lives in a keystore. */
    public byte[] signaturePrivateKey() {
        if (signer instanceof SoftwareSigner s) {
            return s.exportPrivateKey();
        }
        throw new IllegalStateException("the signature key is held by " + signer + " and cannot be exported");
    }

    /** The capabilities this library offers: MLS 1.0, suites 1-3, basic and X.509 credentials. */
    public static Capabilities defaultCapabilities() {
        return new Capabilities(List.of(WireFormat.MLS10), List.of(1, 2, 3), List.of(), List.of(),
                List.of(Credential.BASIC, Credential.X509));
    }

    public static KeyPackageBundle create(CipherSuite suite, SignatureKeyPair keyPair, Credential credential,
            long notBefore, long notAfter) {
        return create(suite, SoftwareSigner.of(suite, keyPair), credential, notBefore, notAfter);
    }

    public static KeyPackageBundle create(CipherSuite suite, MlsSigner signer, Credential credential,
            long notBefore, long notAfter) {
        MlsCrypto c = MlsCrypto.of(suite);
        HpkeKeyPair init = c.generateHpkeKeyPair();
        HpkeKeyPair enc = c.generateHpkeKeyPair();
        LeafNode unsigned = new LeafNode(enc.publicKey(), signer.publicKey(), credential, defaultCapabilities(),
                LeafNode.SOURCE_KEY_PACKAGE, notBefore, notAfter, null, List.of(), new byte[0]);
        LeafNode leaf = unsigned.withSignature(c.signWithLabel(signer, "LeafNodeTBS", unsigned.toBeSigned(null, 0)));
        KeyPackage unsignedKp = new KeyPackage(WireFormat.MLS10, suite.id(), init.publicKey(), leaf, List.of(),
                new byte[0]);
        KeyPackage kp = new KeyPackage(WireFormat.MLS10, suite.id(), init.publicKey(), leaf, List.of(),
                c.signWithLabel(signer, "KeyPackageTBS", unsignedKp.toBeSigned()));
        return new KeyPackageBundle(kp, init.privateKey(), enc.privateKey(), signer);
    }

    @Override
    public String toString() {
        return "KeyPackageBundle[private keys hidden]";
    }
}
