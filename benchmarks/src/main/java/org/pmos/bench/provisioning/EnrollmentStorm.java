package org.pmos.bench.provisioning;

import com.fasterxml.jackson.databind.JsonNode;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import javax.net.ssl.SSLContext;
import org.bouncycastle.asn1.x500.X500Name;
import org.pmos.app.policy.PolicyBundles;
import org.pmos.app.proto.PolicyBundle;
import org.pmos.app.spec.PolicySpec;
import org.pmos.crypto.pki.CertificateRole;
import org.pmos.crypto.pki.KeyStoreFile;
import org.pmos.crypto.pki.MinistryPki;
import org.pmos.crypto.pki.PkiEntity;
import org.pmos.crypto.pki.TlsClientContext;
import org.pmos.crypto.suite.Profile;

/**
 * The enrollment storm: N distinct emulated handsets (each with its own TEE and factory
 * attestation key) enroll against a real server process at K in flight, over HTTPS.
 * Untimed, each takes its challenge and its TEE makes the attested key and CSR; then a
 * warm-up set of other handsets enrolls (a server that has been running, JIT-compiled);
 * timed, the N send their requests. With {@code --kill true} the server is killed (SIGKILL)
 * in the middle and started again on the same database; handsets whose request failed retry
 * with backoff and jitter. At the end every handset must hold the certificate the registry
 * records for it: each enrolled exactly once.
 *
 * <pre>
 * scripts/mvn -B -q -pl benchmarks -am package -DskipTests
 * java -cp benchmarks/target/benchmarks.jar org.pmos.bench.provisioning.EnrollmentStorm \
 *     --server provisioning-server/target/quarkus-app/quarkus-run.jar --handsets 10000 --in-flight 200 \
 *     --db h2|pg [--warmup 30000] [--warmup-rate 500] [--rate 0 (closed loop) | arrivals/s] [--kill false|true]
 * </pre>
 * The same run measures the server's CPU cost per enrollment (chain verify + CSR verify +
 * one ECDSA sign) single-threaded: the limit the storm is compared with.
 */
public final class EnrollmentStorm {
    private static final String PASSWORD = "storm-password";

    private EnrollmentStorm() {
    }

    public static void main(String[] args) throws Exception {
        int status = 0;
        try {
            run(args);
        } catch (Exception e) {
            System.err.println("error: " + e.getMessage());
            e.printStackTrace(); // details after the one line
            status = 1;
        }
        // The HTTP clients' executor threads would keep the JVM alive.
        System.exit(status);
    }

    static void run(String[] args) throws Exception {
        Map<String, String> a = new HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            a.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        Path serverJar = Path.of(a.getOrDefault("server", "provisioning-server/target/quarkus-app/quarkus-run.jar"));
        int n = Integer.parseInt(a.getOrDefault("handsets", "10000"));
        int inFlight = Integer.parseInt(a.getOrDefault("in-flight", "200"));
        // C2 compiles a method after about 15,000 calls; the biggest per-enrollment methods take
        // it 0.5-1 s each. With fewer, or all of them at full load, that compiling (a whole core
        // for seconds) lands in the timed phase: a production server did it long ago.
        int warmup = Integer.parseInt(a.getOrDefault("warmup", "30000"));
        // A moderate rate leaves the JIT compiler CPU to finish.
        double warmupRate = Double.parseDouble(a.getOrDefault("warmup-rate", "500"));
        double rate = Double.parseDouble(a.getOrDefault("rate", "0"));
        String db = a.getOrDefault("db", "h2");
        boolean kill = "true".equals(a.get("kill"));
        Path work = Files.createTempDirectory(Path.of(a.getOrDefault("tmp", System.getProperty("java.io.tmpdir"))),
                "pmos-storm");
        EmbeddedPostgres pg = null;
        StormServer server = null;
        StormHttpClient http = null;
        try {
            System.out.printf("storm: %d handsets (after %d to warm up at %.0f/s), %d in flight, %s, %s, kill=%s, work %s,"
                    + " load %s%n", n, warmup, warmupRate, inFlight, rate > 0 ? "arriving at " + rate + "/s" : "closed loop",
                    db, kill, work, loadAverage());
            MinistryPki pki = MinistryPki.init(work.resolve("pki"), MinistryPki.Settings.defaults(Profile.NIST),
                    PASSWORD.toCharArray(), Instant.now(), new SecureRandom(), s -> { });
            CryptoLimit crypto = CryptoLimit.prepare(pki, PASSWORD.toCharArray(), work.resolve("limit"));
            double limitBefore = crypto.measure();

            long t0 = System.nanoTime();
            StormHandsets handsets = StormHandsets.make(pki, PASSWORD.toCharArray(), work.resolve("handsets"), warmup + n);
            System.out.printf("handsets made in %.1f s%n", (System.nanoTime() - t0) / 1e9);

            Map<String, String> props = new HashMap<>();
            if (db.equals("pg")) {
                pg = EmbeddedPostgres.builder().setDataDirectory(work.resolve("pg")).setCleanDataDirectory(true).start();
                props.put("pmos.db.url", pg.getJdbcUrl("postgres", "postgres"));
                props.put("pmos.db.user", "postgres");
            }
            int port = freePort();
            props.put("pmos.pki.dir", work.resolve("pki").toString());
            props.put("pmos.server.data", work.resolve("server").toString());
            props.put("pmos.server.port", Integer.toString(port));
            // The challenges are fetched in the untimed phase, minutes before they are used.
            props.put("pmos.enrollment.challenge-ttl", "PT30M");
            // As `pmos server start` runs it in the demo: the image key checked, a relay and a
            // signed policy bundle handed to every handset.
            props.put("pmos.enrollment.image-key-digest", HexFormat.of().formatHex(StormHandsets.IMAGE_KEY_DIGEST));
            props.put("pmos.enrollment.relay-address", "127.0.0.1:8883");
            props.put("pmos.enrollment.policy-bundle", policyBundle(pki, work).toString());
            server = new StormServer(serverJar, props, work, PASSWORD);
            URI base = URI.create("https://127.0.0.1:" + port + "/");
            HttpClient admin = client(pki, adminKey(pki));
            HttpResponse<String> imp = admin.send(HttpRequest.newBuilder(base.resolve("api/devices/import"))
                    .header("Content-Type", "text/csv").POST(HttpRequest.BodyPublishers.ofString(handsets.manifestCsv()))
                    .build(), HttpResponse.BodyHandlers.ofString());
            if (imp.statusCode() != 200) {
                throw new IllegalStateException("import failed: " + imp.body());
            }

            http = new StormHttpClient(TlsClientContext.of(pki.certificate(PkiEntity.MINISTRY_ROOT), null),
                    new InetSocketAddress("127.0.0.1", port));
            long p0 = System.nanoTime();
            handsets.prepare(http);
            System.out.printf("attestation chains and CSRs prepared in %.1f s (untimed)%n", (System.nanoTime() - p0) / 1e9);
            if (warmup > 0) {
                // Paced first, so that the JIT compiler gets a core; then two fifths at full load:
                // the paths that only get hot then (big batches, full queues) are compiled, and
                // recompiled for the full-load profile, before the clock starts.
                int paced = warmup * 3 / 5;
                StormPhase w = new StormPhase(handsets, 0, paced, inFlight, warmupRate);
                w.run(http, null);
                StormPhase full = new StormPhase(handsets, paced, warmup, inFlight, 0);
                full.run(http, null);
                System.out.printf("warm-up: %d handsets enrolled at %.0f/s, then %d at %.0f/s (untimed)%n", paced,
                        w.perSecond(), warmup - paced, full.perSecond());
            }
            StormPhase storm = new StormPhase(handsets, warmup, warmup + n, inFlight, rate);
            server.markCpu();
            long tool0 = toolCpuNanos();
            long machine0 = MachineCpu.busyNanos();
            storm.run(http, kill ? server : null);
            double serverCpu = server.cpuNanos() / 1e9;
            double toolCpu = (toolCpuNanos() - tool0) / 1e9;
            double machineCpu = (MachineCpu.busyNanos() - machine0) / 1e9;
            String loadAfter = loadAverage();
            // Measured again straight after the timed phase: this VM's speed drifts by 20-30% over
            // minutes, and the storm is compared with the mean of both.
            double limitAfter = crypto.measure();
            double limit = (limitBefore + limitAfter) / 2;

            // Exactly once: one enrollment recorded per serial, and its certificate is the one the
            // handset holds.
            HttpResponse<String> list = admin.send(HttpRequest.newBuilder(
                    base.resolve("api/devices?limit=" + (handsets.size() + 1000))).build(), HttpResponse.BodyHandlers.ofString());
            Map<String, JsonNode> bySerial = new HashMap<>();
            for (JsonNode d : StormHandsets.JSON.readTree(list.body())) {
                bySerial.put(d.get("serial").asText(), d);
            }
            int ok = 0;
            int twice = 0;
            for (int i = warmup; i < handsets.size(); i++) {
                JsonNode d = bySerial.get(handsets.serial(i));
                String held = handsets.heldCertificate(i);
                boolean once = d != null && d.get("enrollments").asInt() == 1;
                if (once && "ENROLLED".equals(d.get("state").asText()) && held != null
                        && d.get("certificateSerial").asText().equals(held)) {
                    ok++;
                }
                if (d != null && !once) {
                    twice++;
                }
            }
            double achieved = storm.perSecond();
            System.out.printf("enrolled %d in %.1f s: %.0f enrollments/s, p50 %.1f ms, p99 %.1f ms, retries %d,"
                    + " enrolled twice (a retry after the kill) %d%n", n, storm.seconds, achieved,
                    storm.latencyMillis(0.50), storm.latencyMillis(0.99), storm.retries(), twice);
            System.out.printf("limit (2 cores, crypto only): %.0f enrollments/s (%.0f before, %.0f after the storm);"
                    + " storm reached %.0f%% of it%n", limit, limitBefore, limitAfter, 100 * achieved / limit);
            System.out.printf("CPU in the timed phase: machine %.1f s of %.1f s x 2 cores; server %.1f s (%.2f ms/enrollment),"
                    + " load tool %.1f s (%.2f ms), the rest (database, kernel) %.1f s (%.2f ms); load after %s%n",
                    machineCpu, storm.seconds, serverCpu, 1000 * serverCpu / n, toolCpu, 1000 * toolCpu / n,
                    machineCpu - serverCpu - toolCpu, 1000 * (machineCpu - serverCpu - toolCpu) / n, loadAfter);
            storm.retryCauses().forEach((k, v) -> System.out.printf("  retried after: %s x %d%n", k, v.get()));
            System.out.printf("registry: %d devices; exactly once: %s (%d/%d)%n", bySerial.size(),
                    ok == n ? "YES" : "NO", ok, n);
            if (ok != n) {
                throw new IllegalStateException("not every handset is enrolled exactly once: " + ok + "/" + n);
            }
        } finally {
            if (http != null) {
                http.close();
            }
            if (server != null) {
                server.close();
            }
            if (pg != null) {
                pg.close();
            }
            try (var s = Files.walk(work)) {
                s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    static long toolCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    /** A policy like the demo's, signed with the PKI's policy key. */
    private static Path policyBundle(MinistryPki pki, Path work) throws Exception {
        Path spec = Files.writeString(work.resolve("policy.yaml"), """
                version: 1
                min_os_patch_level: 2026-01-01
                apps:
                  - package: gov.police.chat
                    signer: sha256:%s
                    permissions: [pmos.permission.NETWORK, pmos.permission.DEVICE_IDENTITY]
                network:
                  - host: 127.0.0.1
                    port: 8883
                """.formatted("ab".repeat(32)));
        KeyStoreFile.Entry key = pki.keyEntry(PkiEntity.POLICY_SIGNING, PASSWORD.toCharArray());
        PolicyBundle bundle = PolicyBundles.sign(PolicySpec.read(spec, Instant.now().getEpochSecond()), key.key(), key.chain());
        return Files.write(work.resolve("policy.pb"), bundle.toByteArray());
    }

    static String loadAverage() {
        try {
            return String.join(" ", List.of(Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+")).subList(0, 3));
        } catch (java.io.IOException e) {
            return "unknown";
        }
    }


    static HttpClient client(MinistryPki pki, KeyStoreFile.Entry clientKey) throws Exception {
        SSLContext tls = TlsClientContext.of(pki.certificate(PkiEntity.MINISTRY_ROOT), clientKey);
        // HTTP/1.1 with keep-alive: a pool of up to one connection per request in flight, each
        // reused. JDK 17's HTTP/2 client fails requests beyond the server's stream limit
        // ("too many concurrent streams") instead of waiting or opening another connection.
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).sslContext(tls)
                .executor(Executors.newFixedThreadPool(8)).build();
    }

    static KeyStoreFile.Entry adminKey(MinistryPki pki) throws Exception {
        return pki.issueKey(PkiEntity.SERVICE_CA, CertificateRole.ADMIN, new X500Name("CN=storm,OU=operator"), List.of(),
                null, PASSWORD.toCharArray(), Instant.now(), new SecureRandom());
    }

    static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
