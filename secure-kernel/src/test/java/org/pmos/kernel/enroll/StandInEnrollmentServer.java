package org.pmos.kernel.enroll;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequest;
import org.pmos.crypto.pki.CertificateAuthority;
import org.pmos.crypto.pki.CertificateRole;
import org.pmos.crypto.pki.KeyKind;
import org.pmos.crypto.pki.Pem;
import org.pmos.crypto.pki.PkiAlgorithms;

/**
 * The provisioning server's enrollment protocol, as much as the agent uses, on HTTPS with a
 * service CA: refuses an unregistered serial, can lose the answers to enroll requests it
 * received (a server killed after its commit), and records what it was sent.
 */
public final class StandInEnrollmentServer implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String serial;
    private final HttpsServer https;
    private final KeyPair caKeys;
    private final X509Certificate ca;
    public final AtomicBoolean registered = new AtomicBoolean();
    /** How many of the next enroll requests get no answer (the connection is closed). */
    public final AtomicInteger answersToLose = new AtomicInteger();
    /** Refuse a request it has seen before as CHALLENGE_REUSED, as a server does once that enrollment was superseded. */
    public final AtomicBoolean refuseRepeats = new AtomicBoolean();
    public final AtomicInteger challenges = new AtomicInteger();
    public final List<String> enrollRequests = new CopyOnWriteArrayList<>();
    public volatile BigInteger issued;

    public StandInEnrollmentServer(String serial) throws Exception {
        this.serial = serial;
        Instant now = Instant.now();
        caKeys = PkiAlgorithms.generate(KeyKind.EC_P256, new java.security.SecureRandom());
        ca = CertificateAuthority.selfSigned(new X500Name("CN=Test Service CA"), caKeys, now.minusSeconds(60),
                now.plus(Duration.ofDays(1)), BigInteger.TEN);
        KeyPair tlsKeys = PkiAlgorithms.generate(KeyKind.EC_P256, new java.security.SecureRandom());
        X509Certificate tls = new CertificateAuthority(ca, caKeys.getPrivate()).issue(new CertificateAuthority.Request(
                new X500Name("CN=localhost"), tlsKeys.getPublic(), CertificateRole.SERVER, now.minusSeconds(60),
                now.plus(Duration.ofDays(1)), BigInteger.valueOf(11), List.of(new GeneralName(GeneralName.iPAddress, "127.0.0.1")),
                null));
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        ks.setKeyEntry("tls", tlsKeys.getPrivate(), new char[0], new Certificate[] {tls, ca});
        KeyManagerFactory kmf = KeyManagerFactory.getInstance("PKIX");
        kmf.init(ks, new char[0]);
        SSLContext ssl = SSLContext.getInstance("TLS");
        ssl.init(kmf.getKeyManagers(), null, null);
        https = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 8);
        https.setHttpsConfigurator(new HttpsConfigurator(ssl));
        https.createContext("/enroll/challenge", this::challenge);
        https.createContext("/enroll", this::enroll);
        https.start();
    }

    /** What the handset's image pins: the service CA's SubjectPublicKeyInfo digest. */
    public byte[] pin() throws Exception {
        return MessageDigest.getInstance("SHA-256").digest(ca.getPublicKey().getEncoded());
    }

    public URI uri() {
        return URI.create("https://127.0.0.1:" + https.getAddress().getPort() + "/");
    }

    private void challenge(HttpExchange x) throws IOException {
        if (!registered.get()) {
            reply(x, 403, Map.of("code", "NOT_PREREGISTERED", "detail", "serial " + serial + " is not registered"));
        } else {
            reply(x, 200, Map.of("challenge", String.format("%032x", challenges.incrementAndGet())));
        }
    }

    private void enroll(HttpExchange x) throws IOException {
        String body = new String(x.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        boolean repeat = enrollRequests.contains(body);
        enrollRequests.add(body);
        if (answersToLose.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            x.close(); // no answer: the connection just ends
            return;
        }
        if (repeat && refuseRepeats.get()) {
            reply(x, 403, Map.of("code", "CHALLENGE_REUSED", "detail", "the challenge was already used"));
            return;
        }
        try {
            var csr = new JcaPKCS10CertificationRequest(Pem.csrDer(JSON.readTree(body).get("csr").asText()
                    .getBytes(StandardCharsets.US_ASCII)));
            Instant now = Instant.now();
            X509Certificate cert = new CertificateAuthority(ca, caKeys.getPrivate()).issue(new CertificateAuthority.Request(
                    new X500Name("SERIALNUMBER=" + serial + ",CN=" + serial), csr.getPublicKey(), CertificateRole.DEVICE,
                    now.minusSeconds(60), now.plus(Duration.ofHours(12)), BigInteger.valueOf(0x5eed), List.of(), null));
            issued = cert.getSerialNumber();
            reply(x, 200, Map.of("certificateChain", Pem.encode(List.of(cert, ca)), "appCatalog", List.of(),
                    "relayAddress", "127.0.0.1:7443"));
        } catch (Exception e) {
            reply(x, 400, Map.of("code", "CSR_INVALID", "detail", String.valueOf(e.getMessage())));
        }
    }

    private static void reply(HttpExchange x, int status, Object body) throws IOException {
        byte[] b = JSON.writeValueAsBytes(body);
        x.getResponseHeaders().add("Content-Type", "application/json");
        x.sendResponseHeaders(status, b.length);
        x.getResponseBody().write(b);
        x.close();
    }

    @Override
    public void close() {
        https.stop(0);
    }
}
