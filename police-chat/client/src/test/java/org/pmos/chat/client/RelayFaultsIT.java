package org.pmos.chat.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pmos.chat.relay.RelayServer;
import org.pmos.crypto.pki.CertificateAuthority;
import org.pmos.crypto.pki.CertificateRole;
import org.pmos.crypto.pki.KeyStoreFile;
import org.pmos.crypto.pki.PkiEntity;

/**
 * The relay under bad input: a malformed or oversized frame closes that one connection and
 * nothing else; a client without a valid device certificate cannot connect; a device revoked
 * while connected is dropped.
 */
class RelayFaultsIT {
    private static final Duration WAIT = Duration.ofSeconds(60);
    static TestPki pki;
    static DeviceKey alice;
    static DeviceKey bob;

    @TempDir
    Path dir;
    RelayServer relay;
    final List<AutoCloseable> open = new ArrayList<>();

    @BeforeAll
    static void pki() throws Exception {
        pki = TestPki.shared();
        alice = pki.deviceKey("SN-A", "officer-a");
        bob = pki.deviceKey("SN-B", "officer-b");
    }

    @BeforeEach
    void start() throws Exception {
        relay = pki.startRelay(dir.resolve("relay"));
    }

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable c : open) {
            c.close();
        }
        relay.close();
    }

    ChatClient connect(DeviceKey key, Inbox inbox) throws Exception {
        ChatClient c = ChatClient.connect(pki.config(relay.port(), key, new InMemoryStateStore(), Map.of(), inbox));
        open.add(c);
        return c;
    }

    RelayClient raw(DeviceKey key) throws IOException {
        RelayClient c = RelayClient.connect("localhost", relay.port(), key, List.of(rootUnchecked()), d -> {}, null);
        open.add(c);
        return c;
    }

    static X509Certificate rootUnchecked() {
        try {
            return pki.root();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    SSLSocket tlsSocket(DeviceKey key) throws Exception {
        KeyStore anchors = KeyStore.getInstance("PKCS12");
        anchors.load(null, null);
        anchors.setCertificateEntry("root", pki.root());
        TrustManagerFactory tmf = TrustManagerFactory.getInstance("PKIX");
        tmf.init(anchors);
        SSLContext ctx = SSLContext.getInstance("TLSv1.3");
        ctx.init(new KeyManager[] {key.tlsKeyManager()}, tmf.getTrustManagers(), new SecureRandom());
        SSLSocket s = (SSLSocket) ctx.getSocketFactory().createSocket("localhost", relay.port());
        s.setSoTimeout(30_000);
        s.startHandshake();
        open.add(s);
        return s;
    }

    /** A chat that must keep working whatever happened to other connections. */
    void chatStillWorks(ChatClient a, byte[] group, Inbox bi, String text) throws Exception {
        int before = bi.messages.size();
        a.send(group, text.getBytes(StandardCharsets.UTF_8));
        bi.awaitCount(before + 1, WAIT);
        assertEquals(text, bi.texts().get(before));
    }

    @Test
    void malformedAndOversizedFramesCloseOnlyThatConnection() throws Exception {
        Inbox bi = new Inbox();
        ChatClient a = connect(alice, new Inbox());
        ChatClient b = connect(bob, bi);
        b.publishKeyPackages(1);
        byte[] g = a.createGroup("faults");
        a.addDevices(g, List.of("SN-B"));
        bi.await(i -> i.joined.contains("faults"), WAIT, "bob joins");

        DeviceKey mallory = pki.deviceKey("SN-M", "officer-m");
        // 1. A frame that is not a ClientFrame (an invalid protobuf wire type).
        SSLSocket s1 = tlsSocket(mallory);
        DataOutputStream out1 = new DataOutputStream(s1.getOutputStream());
        out1.writeInt(4);
        out1.write(new byte[] {(byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff});
        out1.flush();
        assertClosed(s1.getInputStream());
        chatStillWorks(a, g, bi, "after a malformed frame");

        // 2. A length prefix above the limit: refused before the body is read.
        SSLSocket s2 = tlsSocket(pki.deviceKey("SN-M2", "officer-m"));
        DataOutputStream out2 = new DataOutputStream(s2.getOutputStream());
        out2.writeInt(Integer.MAX_VALUE);
        out2.write(new byte[64]);
        out2.flush();
        assertClosed(s2.getInputStream());
        chatStillWorks(a, g, bi, "after an oversized frame");
        assertTrue(a.isConnected() && b.isConnected());
    }

    static void assertClosed(InputStream in) {
        try {
            while (in.read() >= 0) {
                // drain until the relay closes
            }
        } catch (IOException expected) {
            // a TLS close or reset is a close too
        }
    }

    @Test
    void selfSignedCertificateCannotConnect() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair kp = g.generateKeyPair();
        X509Certificate self = CertificateAuthority.selfSigned(
                new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.SERIALNUMBER, "SN-SELF").build(), kp,
                Instant.now().minusSeconds(60), Instant.now().plusSeconds(3600), java.math.BigInteger.TEN);
        DeviceKey key = new SoftwareDeviceKey(kp.getPrivate(), List.of(self));
        assertRefused(key);
    }

    @Test
    void certificateFromAnotherCaCannotConnect() throws Exception {
        // Same ministry, wrong CA: a client certificate issued by the service CA.
        KeyStoreFile.Entry e = pki.pki.issueKey(PkiEntity.SERVICE_CA, CertificateRole.DEVICE,
                new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.SERIALNUMBER, "SN-OTHER").build(), List.of(),
                Duration.ofDays(1), TestPki.PASSWORD, Instant.now(), new SecureRandom());
        assertRefused(TestPki.deviceKey(e));
        // Another CA altogether, with the same names as the ministry's device CA and device.
        KeyPairGenerator gen = KeyPairGenerator.getInstance("EC");
        gen.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair caKeys = gen.generateKeyPair();
        X509Certificate otherRoot = CertificateAuthority.selfSigned(
                org.bouncycastle.asn1.x500.X500Name.getInstance(pki.root().getSubjectX500Principal().getEncoded()),
                caKeys, Instant.now().minusSeconds(60), Instant.now().plusSeconds(86_400), java.math.BigInteger.TWO);
        KeyPair deviceKeys = gen.generateKeyPair();
        X509Certificate forged = new CertificateAuthority(otherRoot, caKeys.getPrivate()).issue(
                new CertificateAuthority.Request(new X500NameBuilder(BCStyle.INSTANCE)
                        .addRDN(BCStyle.SERIALNUMBER, "SN-A").build(), deviceKeys.getPublic(), CertificateRole.DEVICE,
                        Instant.now().minusSeconds(60), Instant.now().plusSeconds(3600), java.math.BigInteger.TEN,
                        List.of(), null));
        assertRefused(new SoftwareDeviceKey(deviceKeys.getPrivate(), List.of(forged, otherRoot)));
    }

    @Test
    void revokedDeviceIsDroppedAndCannotReconnect() throws Exception {
        KeyStoreFile.Entry e = pki.issueDevice("SN-R", "officer-r");
        DeviceKey key = TestPki.deviceKey(e);
        RelayClient connected = raw(key);
        assertEquals(org.pmos.chat.protocol.Status.OK,
                connected.createGroup("revocation".getBytes(StandardCharsets.UTF_8)).get().getStatus());

        pki.revoke(e.chain().get(0).getSerialNumber());
        relay.refreshRevocations();
        connected.closeFuture().get(WAIT.toSeconds(), java.util.concurrent.TimeUnit.SECONDS);
        assertRefused(key);
        raw(alice); // others still get in
    }

    void assertRefused(DeviceKey key) {
        // TLS 1.3: the client may finish its side before the relay's refusal arrives, so either
        // the handshake fails or the connection is closed without a single answer.
        try {
            RelayClient c = raw(key);
            assertThrows(java.util.concurrent.ExecutionException.class,
                    () -> c.createGroup(new byte[] {1}).get(WAIT.toSeconds(), java.util.concurrent.TimeUnit.SECONDS));
        } catch (IOException expected) {
            // refused during the handshake
        }
    }
}
