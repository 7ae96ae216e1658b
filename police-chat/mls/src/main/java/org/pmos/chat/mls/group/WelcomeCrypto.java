package org.pmos.chat.mls.group;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import org.pmos.chat.mls.MlsException;
import org.pmos.chat.mls.MlsException.Reason;
import org.pmos.chat.mls.codec.DecodeException;
import org.pmos.chat.mls.codec.TlsReader;
import org.pmos.chat.mls.crypto.MlsCrypto;
import org.pmos.chat.mls.messages.GroupInfo;
import org.pmos.chat.mls.messages.GroupSecrets;
import org.pmos.chat.mls.messages.KeyPackage;
import org.pmos.chat.mls.messages.Welcome;
import org.pmos.chat.mls.schedule.EpochSecrets;
import org.pmos.chat.mls.schedule.TranscriptHash;

/** The cryptographic steps of a Welcome (RFC 9420 §12.4.3.1), in both directions. */
public final class WelcomeCrypto {
    private WelcomeCrypto() {}

    public static GroupSecrets decryptGroupSecrets(MlsCrypto c, Welcome w, KeyPackage kp, byte[] initPrivateKey)
            throws MlsException {
        byte[] ref = Refs.keyPackageRef(c, kp);
        for (Welcome.EncryptedGroupSecrets egs : w.secrets()) {
            if (MessageDigest.isEqual(egs.newMember(), ref)) {
                try {
                    byte[] pt = c.decryptWithLabel(initPrivateKey, "Welcome", w.encryptedGroupInfo(),
                            egs.encryptedGroupSecrets());
                    return TlsReader.decodeAll(pt, GroupSecrets::read);
                } catch (GeneralSecurityException e) {
                    throw new MlsException(Reason.DECRYPTION_FAILED, "group secrets do not decrypt");
                } catch (DecodeException e) {
                    throw new MlsException(Reason.MALFORMED_MESSAGE, "group secrets: " + e.getMessage());
                }
            }
        }
        throw new MlsException(Reason.NO_MATCHING_KEY_PACKAGE, "Welcome has no secrets for this KeyPackage");
    }

    private static byte[][] welcomeKeyNonce(MlsCrypto c, byte[] joinerSecret, byte[] pskSecret) {
        byte[] ws = EpochSecrets.welcomeSecret(c, joinerSecret, pskSecret);
        return new byte[][] {c.expandWithLabel(ws, "key", new byte[0], c.aeadKeyLength()),
                c.expandWithLabel(ws, "nonce", new byte[0], c.aeadNonceLength())};
    }

    public static GroupInfo decryptGroupInfo(MlsCrypto c, Welcome w, byte[] joinerSecret, byte[] pskSecret)
            throws MlsException {
        byte[][] kn = welcomeKeyNonce(c, joinerSecret, pskSecret);
        try {
            return TlsReader.decodeAll(c.aeadOpen(kn[0], kn[1], new byte[0], w.encryptedGroupInfo()),
                    GroupInfo::read);
        } catch (GeneralSecurityException e) {
            throw new MlsException(Reason.DECRYPTION_FAILED, "GroupInfo does not decrypt");
        } catch (DecodeException e) {
            throw new MlsException(Reason.MALFORMED_MESSAGE, "GroupInfo: " + e.getMessage());
        }
    }

    public static byte[] encryptGroupInfo(MlsCrypto c, GroupInfo gi, byte[] joinerSecret, byte[] pskSecret) {
        byte[][] kn = welcomeKeyNonce(c, joinerSecret, pskSecret);
        return c.aeadSeal(kn[0], kn[1], new byte[0], gi.toBytes());
    }

    public static void verifyGroupInfo(MlsCrypto c, GroupInfo gi, byte[] signerKey) throws MlsException {
        try {
            c.verifyWithLabel(signerKey, "GroupInfoTBS", gi.toBeSigned(), gi.signature());
        } catch (GeneralSecurityException e) {
            throw new MlsException(Reason.SIGNATURE_INVALID, "GroupInfo signature does not verify");
        }
    }

    /** Derives the epoch from the joiner secret and checks the GroupInfo's confirmation tag. */
    public static EpochSecrets confirm(MlsCrypto c, GroupInfo gi, byte[] joinerSecret, byte[] pskSecret)
            throws MlsException {
        EpochSecrets es = EpochSecrets.fromJoiner(c, joinerSecret, pskSecret, gi.groupContext().toBytes());
        byte[] tag = TranscriptHash.confirmationTag(c, es.confirmationKey(),
                gi.groupContext().confirmedTranscriptHash());
        if (!MessageDigest.isEqual(tag, gi.confirmationTag())) {
            throw new MlsException(Reason.CONFIRMATION_TAG_INVALID, "GroupInfo confirmation tag does not match");
        }
        return es;
    }
}
