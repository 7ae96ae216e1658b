package org.pmos.chat.mls.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.pmos.chat.mls.codec.DecodeException;
import org.pmos.chat.mls.codec.TlsReader;
import org.pmos.chat.mls.crypto.CipherSuite;
import org.pmos.chat.mls.crypto.MlsCrypto;
import org.pmos.chat.mls.group.CredentialValidator;
import org.pmos.chat.mls.group.Group;
import org.pmos.chat.mls.group.GroupConfig;
import org.pmos.chat.mls.group.ProcessMessageException;
import org.pmos.chat.mls.messages.Credential;
import org.pmos.chat.mls.messages.GroupSecrets;
import org.pmos.chat.mls.messages.MlsMessage;
import org.pmos.chat.mls.treesync.RatchetTree;

/** Hostile bytes into the decoders and into a group: a DecodeException or a refusal, nothing else. */
class MlsDecodeFuzzTest {
    private static final CipherSuite SUITE = CipherSuite.X25519_AES128GCM_SHA256_ED25519;
    private static final GroupConfig CONFIG = GroupConfig.of(CredentialValidator.insecureAcceptAll());

    @FuzzTest(maxDuration = "10s")
    void decoders(byte[] input) {
        try {
            MlsMessage.decode(input);
        } catch (DecodeException expected) {
            // refused with a reason
        }
        try {
            RatchetTree.fromNodes(MlsCrypto.of(SUITE), TlsReader.decodeAll(input, RatchetTree::readNodes).nodes());
        } catch (DecodeException expected) {
            // refused with a reason
        }
        try {
            TlsReader.decodeAll(input, GroupSecrets::read);
        } catch (DecodeException expected) {
            // refused with a reason
        }
    }

    @FuzzTest(maxDuration = "10s")
    void groupProcess(byte[] input) {
        Group g = Group.create(CONFIG, SUITE, "fuzz".getBytes(StandardCharsets.UTF_8),
                MlsCrypto.of(SUITE).generateSignatureKeyPair(), Credential.basic(new byte[] {1}), List.of());
        try {
            g.process(MlsMessage.decode(input));
        } catch (DecodeException | ProcessMessageException expected) {
            // refused with a reason
        }
    }
}
