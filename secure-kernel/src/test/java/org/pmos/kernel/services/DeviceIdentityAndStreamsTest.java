package org.pmos.kernel.services;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.Signature;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pmos.app.proto.NetworkRule;
import org.pmos.crypto.keystore.TeeKeyStore;
import org.pmos.crypto.pki.Pem;
import org.pmos.crypto.suite.AlgorithmSuite;
import org.pmos.kernel.audit.AuditLog;
import org.pmos.kernel.cap.CapabilityTable;
import org.pmos.kernel.enroll.DeviceEnrollment;
import org.pmos.kernel.enroll.EnrollmentAgent;
import org.pmos.kernel.ipc.Caller;
import org.pmos.kernel.ipc.ServiceBroker;
import org.pmos.kernel.mac.MacPolicy;
import org.pmos.kernel.mac.MacPolicyCompiler;
import org.pmos.kernel.mac.ReferenceMonitor;
import org.pmos.kernel.runtime.TestTee;
import org.pmos.kernel.sdk.proto.Reply;
import org.pmos.kernel.sdk.proto.Status;
import org.pmos.kernel.sdk.proto.Transaction;
import org.pmos.testing.TestCertificates;

/** The device identity and stream connections through the broker, with the image's MAC policy. */
class DeviceIdentityAndStreamsTest {
    private static final String PKG = "gov.police.chat";
    private static final Set<String> PERMS = Set.of(DeviceIdentityService.PERMISSION, NetworkService.PERMISSION);

    @TempDir
    Path dir;
    private AuditLog audit;
    private ServiceBroker broker;
    private NetworkService network;
    private TeeKeyStore tee;
    private ServerSocket echo;
    private final CapabilityTable table = new CapabilityTable();
    private Map<String, Integer> handles;

    @BeforeEach
    void setUp() throws Exception {
        audit = AuditLog.open(dir.resolve("audit.log"), Clock.systemUTC());
        MacPolicy policy = MacPolicy.load(MacPolicyCompiler.compile(MacPolicyCompiler.defaultPolicyText()).toByteArray());
        tee = new TestTee(dir.resolve("tee")).boot(TestTee.green((byte) 1));
        echo = new ServerSocket(0, 5, java.net.InetAddress.getLoopbackAddress());
        int port = echo.getLocalPort();
        network = new NetworkService(pkg -> List.of(NetworkRule.newBuilder().setHost("127.0.0.1").setPort(port).build()),
                new ReferenceMonitor(policy, audit, true));
        broker = new ServiceBroker(new ReferenceMonitor(policy, audit, true), audit,
                List.of(network, new DeviceIdentityService(dir.resolve("enrollment"), () -> Optional.of(tee))));
        handles = broker.grantAppCapabilities(table);
    }

    @AfterEach
    void tearDown() throws Exception {
        echo.close();
        audit.close();
    }

    private void enroll() throws Exception {
        tee.generateKey(EnrollmentAgent.KEY_ALIAS, AlgorithmSuite.ECDSA_P256_SHA256, Optional.empty());
        var ca = TestCertificates.root("Device CA", AlgorithmSuite.ECDSA_P256_SHA256, Instant.now().minusSeconds(5),
                Instant.now().plusSeconds(600));
        Files.createDirectories(dir.resolve("enrollment"));
        Files.writeString(dir.resolve("enrollment").resolve(DeviceEnrollment.CHAIN_FILE), Pem.encode(List.of(ca.certificate())));
        Files.writeString(dir.resolve("enrollment").resolve(DeviceEnrollment.DIRECTORY_FILE),
                "[{\"officer\":\"alice\",\"device\":\"ZTE-1\"},{\"officer\":\"bob\",\"device\":\"ZTE-2\"}]");
        Files.writeString(dir.resolve("enrollment").resolve("status.json"),
                "{\"state\":\"ENROLLED\",\"certificateSerial\":\"1\",\"relayAddress\":\"127.0.0.1:7443\"}");
    }

    private Reply call(Caller caller, String service, String method, byte[] data, String... args) {
        return broker.handle(caller, table, Transaction.newBuilder().setId(1).setHandle(handles.get(service))
                .setMethod(method).addAllArgs(List.of(args)).setData(ByteString.copyFrom(data)).build());
    }

    private Reply call(String service, String method, byte[] data, String... args) {
        return call(new Caller(PKG, "gov_app", PERMS), service, method, data, args);
    }

    @Test
    void enrolledIdentitySignsTls13CertificateVerifyInTheTee() throws Exception {
        enroll();
        Reply chain = call("identity", "chain", new byte[0]);
        assertEquals(Status.OK, chain.getStatus(), chain.getDetail());
        assertEquals(1, Pem.certificates(chain.getData().toByteArray()).size());
        assertEquals(List.of("127.0.0.1:7443"), chain.getValuesList());
        Reply directory = call("identity", "directory", new byte[0]);
        assertEquals(Status.OK, directory.getStatus(), directory.getDetail());
        assertEquals(List.of("alice=ZTE-1", "bob=ZTE-2"), directory.getValuesList());

        byte[] content = SigningPurposeTest.tls13(32, "TLS 1.3, client CertificateVerify");
        Reply sig = call("identity", "sign", content);
        assertEquals(Status.OK, sig.getStatus(), sig.getDetail());
        Signature v = Signature.getInstance("SHA256withECDSA");
        v.initVerify(tee.info(EnrollmentAgent.KEY_ALIAS).publicKey());
        v.update(content);
        assertTrue(v.verify(sig.getData().toByteArray()));
    }

    @Test
    void identityRefusesOtherContentAppsWithoutPermissionOrDomainAndBeforeEnrollment() throws Exception {
        assertEquals(Status.NOT_FOUND, call("identity", "chain", new byte[0]).getStatus());
        enroll();
        assertEquals(Status.BAD_REQUEST, call("identity", "sign", "any bytes".getBytes(StandardCharsets.UTF_8)).getStatus());
        assertEquals(Status.PERMISSION_DENIED, call(new Caller(PKG, "gov_app", Set.of(NetworkService.PERMISSION)),
                "identity", "chain", new byte[0]).getStatus());
        assertEquals(Status.MAC_DENIED, call(new Caller("gov.police.notes", "restricted_app", PERMS),
                "identity", "chain", new byte[0]).getStatus());
    }

    @Test
    void streamCarriesBytesBothWaysUntilThePeerCloses() throws Exception {
        Thread server = new Thread(() -> {
            try (Socket s = echo.accept(); InputStream in = s.getInputStream(); OutputStream out = s.getOutputStream()) {
                out.write(in.readNBytes(5));
            } catch (Exception e) {
                // the test fails on its own
            }
        });
        server.start();
        Reply open = call("network", "open", new byte[0], "127.0.0.1", Integer.toString(echo.getLocalPort()));
        assertEquals(Status.OK, open.getStatus(), open.getDetail());
        String id = open.getValues(0);
        assertEquals(Status.OK, call("network", "send", "hello".getBytes(StandardCharsets.UTF_8), id).getStatus());
        StringBuilder got = new StringBuilder();
        boolean eof = false;
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!eof && System.nanoTime() < deadline) {
            Reply r = call("network", "receive", new byte[0], id, "500");
            assertEquals(Status.OK, r.getStatus(), r.getDetail());
            got.append(r.getData().toStringUtf8());
            eof = r.getValuesList().contains("eof");
        }
        assertEquals("hello", got.toString());
        assertTrue(eof);
        assertEquals(Status.NOT_FOUND, call("network", "receive", new byte[0], id, "10").getStatus());
        server.join();
    }

    @Test
    void streamsGoOnlyToTheAllowlistAndCloseWhenTheAppStops() throws Exception {
        assertEquals(Status.PERMISSION_DENIED, call("network", "open", new byte[0], "127.0.0.1", "1").getStatus());
        assertEquals(Status.NOT_FOUND, call(new Caller("gov.other", "gov_app", PERMS), "network", "send", new byte[] {1}, "1")
                .getStatus());
        Reply open = call("network", "open", new byte[0], "127.0.0.1", Integer.toString(echo.getLocalPort()));
        try (Socket peer = echo.accept()) {
            network.closeStreams(PKG);
            assertEquals(-1, peer.getInputStream().read());
            assertEquals(Status.NOT_FOUND, call("network", "send", new byte[] {1}, open.getValues(0)).getStatus());
        }
    }
}
