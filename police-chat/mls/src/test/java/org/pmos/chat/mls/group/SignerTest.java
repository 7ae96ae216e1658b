package org.pmos.chat.mls.group;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.pmos.chat.mls.codec.DecodeException;
import org.pmos.chat.mls.crypto.CipherSuite;
import org.pmos.chat.mls.crypto.JcaSigner;
import org.pmos.chat.mls.crypto.MlsSigner;
import org.pmos.chat.mls.crypto.SoftwareSigner;
import org.pmos.chat.mls.messages.Credential;
import org.pmos.chat.mls.messages.MlsMessage;
import org.pmos.chat.mls.messages.Proposal;
import org.pmos.chat.mls.messages.Welcome;

/**
 * Members whose signature key never enters the library: a JCA key stands in for a keystore
 * key (the library sees only {@link MlsSigner}); the state keeps only its public key.
 */
class SignerTest {
    private static byte[] text(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** A JDK-held key: the library gets the public key in MLS encoding and a signing handle. */
    static MlsSigner keystoreSigner(CipherSuite suite) throws Exception {
        if (suite.signature() == CipherSuite.SignatureScheme.ED25519) {
            KeyPair kp = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
            byte[] spki = kp.getPublic().getEncoded();
            return new JcaSigner(suite.signature(), Arrays.copyOfRange(spki, spki.length - 32, spki.length),
                    kp.getPrivate());
        }
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair kp = g.generateKeyPair();
        ECPublicKey pub = (ECPublicKey) kp.getPublic();
        byte[] point = new byte[65];
        point[0] = 4;
        fixed(pub.getW().getAffineX().toByteArray(), point, 1);
        fixed(pub.getW().getAffineY().toByteArray(), point, 33);
        return new JcaSigner(suite.signature(), point, kp.getPrivate());
    }

    private static void fixed(byte[] v, byte[] out, int at) {
        int n = Math.min(32, v.length);
        System.arraycopy(v, v.length - n, out, at + 32 - n, n);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(CipherSuite.class)
    void membersSignThroughAKeystoreHandle(CipherSuite suite) throws Exception {
        MlsSigner aliceKey = keystoreSigner(suite);
        MlsSigner bobKey = keystoreSigner(suite);
        Group alice = Group.create(Members.CONFIG, suite, text("squad"), aliceKey, Credential.basic(text("alice")),
                List.of());
        KeyPackageBundle bob = KeyPackageBundle.create(suite, bobKey, Credential.basic(text("bob")), 0, -1L);
        CommitResult r = alice.commit(List.of(new Proposal.Add(bob.keyPackage())));
        alice = r.next();
        Group bobGroup = Group.join(Members.CONFIG, r.welcome().expect(Welcome.class), bob, null);
        MlsMessage m = Members.wire(alice.encrypt(text("on scene"), new byte[0]));
        assertArrayEquals(text("on scene"),
                assertInstanceOf(ProcessedMessage.Application.class, bobGroup.process(m)).data());
        CommitResult byBob = bobGroup.commit(List.of());
        assertInstanceOf(ProcessedMessage.Commit.class, alice.process(Members.wire(byBob.commit())));
        bobGroup = byBob.next();

        // The state holds no private signature key: the signer must be given back.
        byte[] state = bobGroup.toBytes();
        assertThrows(DecodeException.class, () -> Group.restore(state, Members.CONFIG));
        Group restored = Group.restore(state, Members.CONFIG, bobKey);
        assertArrayEquals(text("back"), assertInstanceOf(ProcessedMessage.Application.class,
                alice.process(Members.wire(restored.encrypt(text("back"), new byte[0])))).data());
        assertThrows(IllegalStateException.class, bob::signaturePrivateKey);
    }

    @Test
    void restoreRefusesAnotherKey() throws Exception {
        CipherSuite suite = CipherSuite.X25519_AES128GCM_SHA256_ED25519;
        Group alice = Group.create(Members.CONFIG, suite, text("squad"), keystoreSigner(suite),
                Credential.basic(text("alice")), List.of());
        DecodeException e = assertThrows(DecodeException.class,
                () -> Group.restore(alice.toBytes(), Members.CONFIG, keystoreSigner(suite)));
        assertTrue(e.getMessage().contains("not the key"));
    }

    @Test
    void softwareKeyStaysInTheState() throws Exception {
        CipherSuite suite = CipherSuite.P256_AES128GCM_SHA256_P256;
        SoftwareSigner key = SoftwareSigner.generate(suite);
        Group alice = Group.create(Members.CONFIG, suite, text("squad"), key, Credential.basic(text("alice")),
                List.of());
        assertEquals(alice.epoch(), Group.restore(alice.toBytes(), Members.CONFIG).epoch());
    }

    @Test
    void signerOfAnotherSchemeIsMisuse() {
        MlsSigner p256 = SoftwareSigner.generate(CipherSuite.P256_AES128GCM_SHA256_P256);
        assertThrows(IllegalArgumentException.class, () -> Group.create(Members.CONFIG,
                CipherSuite.X25519_AES128GCM_SHA256_ED25519, text("squad"), p256, Credential.basic(text("a")),
                List.of()));
    }
}
