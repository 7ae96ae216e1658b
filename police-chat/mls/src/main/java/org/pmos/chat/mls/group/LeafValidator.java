package org.pmos.chat.mls.group;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import org.pmos.chat.mls.MlsException;
import org.pmos.chat.mls.MlsException.Reason;
import org.pmos.chat.mls.crypto.MlsCrypto;
import org.pmos.chat.mls.messages.Extension;
import org.pmos.chat.mls.messages.KeyPackage;
import org.pmos.chat.mls.messages.LeafNode;
import org.pmos.chat.mls.messages.WireFormat;

/** Leaf node and KeyPackage validation (RFC 9420 §7.3, §10.1). */
final class LeafValidator {
    private LeafValidator() {}

    static void validateKeyPackage(MlsCrypto c, KeyPackage kp, GroupConfig config) throws MlsException {
        validateKeyPackage(c, kp, config.credentialValidator());
        if (config.lifetimeCheckTime().isPresent()) {
            long now = config.lifetimeCheckTime().getAsLong();
            LeafNode leaf = kp.leafNode();
            if (Long.compareUnsigned(now, leaf.notBefore()) < 0 || Long.compareUnsigned(now, leaf.notAfter()) > 0) {
                throw new MlsException(Reason.KEY_PACKAGE_INVALID, "KeyPackage lifetime does not cover the check time");
            }
        }
    }

    private static void validateKeyPackage(MlsCrypto c, KeyPackage kp, CredentialValidator validator)
            throws MlsException {
        if (kp.version() != WireFormat.MLS10) {
            throw new MlsException(Reason.KEY_PACKAGE_INVALID, "unsupported version " + kp.version());
        }
        if (kp.cipherSuite() != c.suite().id()) {
            throw new MlsException(Reason.KEY_PACKAGE_INVALID, "cipher suite " + kp.cipherSuite() + " differs");
        }
        try {
            c.verifyWithLabel(kp.leafNode().signatureKey(), "KeyPackageTBS", kp.toBeSigned(), kp.signature());
        } catch (GeneralSecurityException e) {
            throw new MlsException(Reason.SIGNATURE_INVALID, "KeyPackage signature does not verify");
        }
        if (MessageDigest.isEqual(kp.initKey(), kp.leafNode().encryptionKey())) {
            throw new MlsException(Reason.KEY_PACKAGE_INVALID, "init key equals the encryption key");
        }
        if (kp.leafNode().source() != LeafNode.SOURCE_KEY_PACKAGE) {
            throw new MlsException(Reason.LEAF_NODE_INVALID, "KeyPackage leaf source is not key_package");
        }
        validateLeafAlone(c, kp.leafNode(), null, 0, validator);
    }

    /** Checks that need no tree: signature, credential, own capabilities. */
    static void validateLeafAlone(MlsCrypto c, LeafNode leaf, byte[] groupId, int leafIndex,
            CredentialValidator validator) throws MlsException {
        try {
            c.verifyWithLabel(leaf.signatureKey(), "LeafNodeTBS", leaf.toBeSigned(groupId, leafIndex),
                    leaf.signature());
        } catch (GeneralSecurityException e) {
            throw new MlsException(Reason.SIGNATURE_INVALID, "leaf node signature does not verify");
        }
        if (validator.validate(leaf.credential(), leaf.signatureKey()) instanceof CredentialValidator.Rejected r) {
            throw new MlsException(Reason.CREDENTIAL_REJECTED, r.reason());
        }
        if (!leaf.capabilities().credentials().contains(leaf.credential().credentialType())) {
            throw new MlsException(Reason.CAPABILITIES_MISSING, "leaf does not list its own credential type");
        }
        if (!leaf.capabilities().cipherSuites().contains(c.suite().id())) {
            throw new MlsException(Reason.CAPABILITIES_MISSING, "leaf does not support the group's cipher suite");
        }
        for (Extension e : leaf.extensions()) {
            if (e.type() > Extension.EXTERNAL_SENDERS && !leaf.capabilities().extensions().contains(e.type())) {
                throw new MlsException(Reason.CAPABILITIES_MISSING, "leaf extension " + e.type() + " not in capabilities");
            }
        }
    }
}
