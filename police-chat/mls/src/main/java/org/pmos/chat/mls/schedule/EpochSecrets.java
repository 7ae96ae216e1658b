package org.pmos.chat.mls.schedule;

import org.pmos.chat.mls.crypto.HpkeKeyPair;
import org.pmos.chat.mls.crypto.MlsCrypto;

/**
 * The secrets of one epoch (RFC 9420 §8): derived from the joiner secret, the PSK secret and
 * the new GroupContext. Immutable; toString never shows a secret.
 */
public record EpochSecrets(byte[] joinerSecret, byte[] welcomeSecret, byte[] senderDataSecret,
        byte[] encryptionSecret, byte[] exporterSecret, byte[] externalSecret, byte[] confirmationKey,
        byte[] membershipKey, byte[] resumptionPsk, byte[] epochAuthenticator, byte[] initSecret) {

    /** joiner_secret = ExpandWithLabel(Extract(init_secret, commit_secret), "joiner", GroupContext, Nh). */
    public static byte[] joinerSecret(MlsCrypto c, byte[] initSecret, byte[] commitSecret, byte[] groupContext) {
        return c.expandWithLabel(c.extract(initSecret, commitSecret), "joiner", groupContext, c.hashLength());
    }

    /** welcome_secret = DeriveSecret(Extract(joiner_secret, psk_secret), "welcome"). */
    public static byte[] welcomeSecret(MlsCrypto c, byte[] joinerSecret, byte[] pskSecret) {
        return c.deriveSecret(c.extract(joinerSecret, pskSecret), "welcome");
    }

    public static EpochSecrets derive(MlsCrypto c, byte[] initSecret, byte[] commitSecret, byte[] pskSecret,
            byte[] groupContext) {
        return fromJoiner(c, joinerSecret(c, initSecret, commitSecret, groupContext), pskSecret, groupContext);
    }

    public static EpochSecrets fromJoiner(MlsCrypto c, byte[] joiner, byte[] pskSecret, byte[] groupContext) {
        byte[] member = c.extract(joiner, pskSecret);
        byte[] epoch = c.expandWithLabel(member, "epoch", groupContext, c.hashLength());
        return new EpochSecrets(joiner, c.deriveSecret(member, "welcome"), c.deriveSecret(epoch, "sender data"),
                c.deriveSecret(epoch, "encryption"), c.deriveSecret(epoch, "exporter"),
                c.deriveSecret(epoch, "external"), c.deriveSecret(epoch, "confirm"),
                c.deriveSecret(epoch, "membership"), c.deriveSecret(epoch, "resumption"),
                c.deriveSecret(epoch, "authentication"), c.deriveSecret(epoch, "init"));
    }

    /** MLS-Exporter (RFC 9420 §8.5). */
    public static byte[] export(MlsCrypto c, byte[] exporterSecret, byte[] label, byte[] context, int length) {
        return c.expandWithLabel(c.deriveSecret(exporterSecret, label), "exported", c.hash(context), length);
    }

    /** The external key pair derived from external_secret (RFC 9420 §8.3). */
    public static HpkeKeyPair externalKeyPair(MlsCrypto c, byte[] externalSecret) {
        return c.deriveKeyPair(externalSecret);
    }

    @Override
    public String toString() {
        return "EpochSecrets[secrets hidden]";
    }
}
