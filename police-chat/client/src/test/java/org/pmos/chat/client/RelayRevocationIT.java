package org.pmos.chat.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pmos.chat.relay.RelayLauncher;
import org.pmos.chat.relay.RelayServer;
import org.pmos.crypto.pki.KeyStoreFile;
import org.pmos.crypto.pki.PkiEntity;

/**
 * A device revoked while it chats: the relay polls the CRL over HTTP (conditional requests),
 * drops the device's connection as soon as a CRL that names it is published, refuses it
 * afterwards, and tells the other members of its group, whose next commit removes it.
 */
class RelayRevocationIT {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final Duration POLL = Duration.ofMillis(200);

    @TempDir
    Path dir;
    HttpServer crlServer;
    RelayServer relay;
    final List<ChatClient> clients = new ArrayList<>();
    final AtomicInteger notModified = new AtomicInteger();
    final Semaphore polled = new Semaphore(0);

    @AfterEach
    void stop() {
        clients.forEach(ChatClient::close);
        if (relay != null) {
            relay.close();
        }
        if (crlServer != null) {
            crlServer.stop(0);
        }
    }

    /** The device CA's CRL over HTTP as a CRL distribution point serves it, with an ETag. */
    URI serveCrl(TestPki pki) throws IOException {
        Path crl = pki.pki.folder(PkiEntity.DEVICE_CA).resolve("crl.pem");
        crlServer = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        crlServer.createContext("/crl/device-ca.crl", ex -> {
            byte[] body = Files.readAllBytes(crl);
            String etag;
            try {
                etag = '"' + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body)) + '"';
            } catch (java.security.NoSuchAlgorithmException e) {
                throw new IOException(e);
            }
            ex.getResponseHeaders().set("ETag", etag);
            if (etag.equals(ex.getRequestHeaders().getFirst("If-None-Match"))) {
                notModified.incrementAndGet();
                ex.sendResponseHeaders(304, -1);
            } else {
                ex.getResponseHeaders().set("Content-Type", "application/pkix-crl");
                ex.sendResponseHeaders(200, body.length);
                ex.getResponseBody().write(body);
            }
            ex.close();
            polled.release();
        });
        crlServer.start();
        return URI.create("http://127.0.0.1:" + crlServer.getAddress().getPort() + "/crl/device-ca.crl");
    }

    ChatClient connect(TestPki pki, DeviceKey key, Inbox inbox) throws Exception {
        ChatClient c = ChatClient.connect(pki.config(relay.port(), key, new InMemoryStateStore(), Map.of(), inbox));
        clients.add(c);
        return c;
    }

    @Test
    void revokedDeviceIsDroppedAtOnceAndRemovedByTheNextCommit() throws Exception {
        TestPki pki = TestPki.shared();
        URI crl = serveCrl(pki);
        Path data = dir.resolve("relay");
        relay = RelayLauncher.start(new RelayLauncher.Options(pki.pki.dir(), data, "127.0.0.1", 0, crl, POLL,
                data.resolve("relay.port"), null), TestPki.PASSWORD);

        Inbox ai = new Inbox();
        Inbox bi = new Inbox();
        // Every certificate first: a client's credential validator judges certificates at the time it was built.
        DeviceKey aliceKey = pki.deviceKey("SN-REV-ALICE", "officer-alice");
        DeviceKey bobKey = pki.deviceKey("SN-REV-BOB", "officer-bob");
        DeviceKey carolKey = pki.deviceKey("SN-REV-CAROL", "officer-carol");
        KeyStoreFile.Entry daveCert = pki.issueDevice("SN-REV-DAVE", "officer-dave");
        DeviceKey daveKey = TestPki.deviceKey(daveCert);
        ChatClient a = connect(pki, aliceKey, ai);
        ChatClient b = connect(pki, bobKey, bi);
        ChatClient carol = connect(pki, carolKey, new Inbox());
        ChatClient dave = connect(pki, daveKey, new Inbox());
        b.publishKeyPackages(1);
        carol.publishKeyPackages(1);
        dave.publishKeyPackages(1);
        byte[] g = a.createGroup("patrol");
        a.addDevices(g, List.of("SN-REV-BOB", "SN-REV-DAVE"));
        bi.await(i -> i.joined.contains("patrol"), WAIT, "bob joins");

        // The relay polls with the ETag it got: unchanged CRLs cost a 304.
        assertTrue(polled.tryAcquire(3, WAIT.toSeconds(), TimeUnit.SECONDS), "the relay polls the CRL");
        assertTrue(notModified.get() > 0, "conditional requests answered 304");

        pki.revoke(daveCert.chain().get(0).getSerialNumber()); // a new CRL, issued now
        dave.disconnected().get(WAIT.toSeconds(), TimeUnit.SECONDS); // dropped within the poll interval
        ai.await(i -> i.revoked.contains("patrol SN-REV-DAVE"), WAIT, "alice told of the revocation");
        bi.await(i -> i.revoked.contains("patrol SN-REV-DAVE"), WAIT, "bob told of the revocation");
        assertEquals(List.of("SN-REV-DAVE"), b.revokedMembers(g));

        // Bob's next commit (he adds Carol) removes Dave too.
        b.addDevices(g, List.of("SN-REV-CAROL"));
        assertEquals(Set.of("SN-REV-ALICE", "SN-REV-BOB", "SN-REV-CAROL"), Set.copyOf(b.members(g)));
        assertEquals(List.of(), b.revokedMembers(g));
        b.send(g, "after the removal".getBytes(StandardCharsets.UTF_8));
        ai.await(i -> i.texts().contains("after the removal"), WAIT, "alice gets bob's message");
        assertEquals(Set.of("SN-REV-ALICE", "SN-REV-BOB", "SN-REV-CAROL"), Set.copyOf(a.members(g)));
        assertEquals(List.of(), a.removeRevokedMembers(g), "nothing left to remove");

        // Dave cannot come back: refused in the handshake, or closed before any answer (TLS 1.3).
        try (RelayClient c = RelayClient.connect("localhost", relay.port(), daveKey, List.of(pki.root()), d -> {}, null)) {
            assertThrows(ExecutionException.class, () -> c.createGroup(new byte[] {9}).get(WAIT.toSeconds(), TimeUnit.SECONDS));
        } catch (IOException refusedInHandshake) {
            // refused
        }
    }
}
