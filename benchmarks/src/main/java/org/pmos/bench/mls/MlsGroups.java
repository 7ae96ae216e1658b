package org.pmos.bench.mls;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.pmos.chat.mls.crypto.CipherSuite;
import org.pmos.chat.mls.crypto.MlsCrypto;
import org.pmos.chat.mls.group.CommitResult;
import org.pmos.chat.mls.group.CredentialValidator;
import org.pmos.chat.mls.group.Group;
import org.pmos.chat.mls.group.GroupConfig;
import org.pmos.chat.mls.group.KeyPackageBundle;
import org.pmos.chat.mls.messages.Credential;
import org.pmos.chat.mls.messages.Proposal;
import org.pmos.chat.mls.messages.Welcome;

/** Builds benchmark groups through the public API (one commit adds everyone). */
final class MlsGroups {
    static final CipherSuite SUITE = CipherSuite.X25519_AES128GCM_SHA256_ED25519;
    /** Benchmarks measure the protocol, not credential policy. */
    static final GroupConfig CONFIG = GroupConfig.of(CredentialValidator.insecureAcceptAll());

    private MlsGroups() {}

    static KeyPackageBundle keyPackage(String name) {
        return KeyPackageBundle.create(SUITE, MlsCrypto.of(SUITE).generateSignatureKeyPair(),
                Credential.basic(name.getBytes(StandardCharsets.UTF_8)), 0, -1L);
    }

    static Group creator() {
        return Group.create(CONFIG, SUITE, "bench".getBytes(StandardCharsets.UTF_8),
                MlsCrypto.of(SUITE).generateSignatureKeyPair(), Credential.basic(new byte[] {'a'}), List.of());
    }

    static List<Proposal> adds(int n) {
        List<Proposal> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(new Proposal.Add(keyPackage("m" + i).keyPackage()));
        }
        return out;
    }

    /** [committer, receiver] of a group of {@code size} members. */
    static Group[] group(int size) throws Exception {
        Group alice = creator();
        KeyPackageBundle bob = keyPackage("bob");
        List<Proposal> adds = new ArrayList<>();
        adds.add(new Proposal.Add(bob.keyPackage()));
        adds.addAll(adds(size - 2));
        CommitResult r = alice.commit(adds);
        Group receiver = Group.join(CONFIG, r.welcome().expect(Welcome.class), bob, null);
        return new Group[] {r.next(), receiver};
    }
}
