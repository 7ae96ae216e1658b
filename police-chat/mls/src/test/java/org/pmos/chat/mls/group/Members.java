package org.pmos.chat.mls.group;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.pmos.chat.mls.crypto.CipherSuite;
import org.pmos.chat.mls.crypto.MlsCrypto;
import org.pmos.chat.mls.crypto.SignatureKeyPair;
import org.pmos.chat.mls.messages.Credential;
import org.pmos.chat.mls.messages.MlsMessage;
import org.pmos.chat.mls.messages.Proposal;
import org.pmos.chat.mls.messages.Welcome;

/** Test helpers: members with basic credentials. */
final class Members {
    static final GroupConfig CONFIG = GroupConfig.of(CredentialValidator.insecureAcceptAll());

    private Members() {}

    static KeyPackageBundle keyPackage(CipherSuite suite, String name) {
        SignatureKeyPair kp = MlsCrypto.of(suite).generateSignatureKeyPair();
        return KeyPackageBundle.create(suite, kp, Credential.basic(name.getBytes(StandardCharsets.UTF_8)), 0, -1L);
    }

    static Group create(CipherSuite suite, String name) {
        SignatureKeyPair kp = MlsCrypto.of(suite).generateSignatureKeyPair();
        return Group.create(CONFIG, suite, ("group of " + name).getBytes(StandardCharsets.UTF_8), kp,
                Credential.basic(name.getBytes(StandardCharsets.UTF_8)), List.of());
    }

    /** The committer adds the bundles' owners; returns the joined groups (committer's next state first). */
    static Group[] add(Group committer, KeyPackageBundle... bundles) throws Exception {
        Proposal[] adds = new Proposal[bundles.length];
        for (int i = 0; i < bundles.length; i++) {
            adds[i] = new Proposal.Add(bundles[i].keyPackage());
        }
        CommitResult r = committer.commit(List.of(adds));
        Welcome w = MlsMessage.decode(r.welcome().toBytes()).expect(Welcome.class);
        Group[] out = new Group[bundles.length + 1];
        out[0] = r.next();
        for (int i = 0; i < bundles.length; i++) {
            out[i + 1] = Group.join(CONFIG, w, bundles[i], null);
        }
        return out;
    }

    /** Sends a message over the wire (encode, decode). */
    static MlsMessage wire(MlsMessage m) throws Exception {
        return MlsMessage.decode(m.toBytes());
    }
}
