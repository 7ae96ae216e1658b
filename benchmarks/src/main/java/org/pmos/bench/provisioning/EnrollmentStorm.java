package org.pmos.bench.provisioning;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.SSLContext;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;
import org.pmos.crypto.attestation.AttestationResult;
import org.pmos.crypto.attestation.AttestationVerifier;
import org.pmos.crypto.attestation.RevocationList;
import org.pmos.crypto.attestation.RootOfTrust;
import org.pmos.crypto.attestation.TrustAnchors;
import org.pmos.crypto.attestation.VerifiedBootState;
import org.pmos.crypto.internal.ContentSigners;
import org.pmos.crypto.internal.Primitives;
import org.pmos.crypto.key.KeyHandle;
import org.pmos.crypto.key.SecretAccess;
import org.pmos.crypto.key.SecretBytes;
import org.pmos.crypto.keystore.DeviceIds;
import org.pmos.crypto.keystore.GeneratedKey;
import org.pmos.crypto.keystore.OemAttestationRoot;
import org.pmos.crypto.keystore.SystemVersions;
import org.pmos.crypto.keystore.TeeKeyStore;
import org.pmos.crypto.pki.CertificateAuthority;
import org.pmos.crypto.pki.CertificateRole;
import org.pmos.crypto.pki.CsrPolicy;
import org.pmos.crypto.pki.KeyStoreFile;
import org.pmos.crypto.pki.MinistryPki;
import org.pmos.crypto.pki.Pem;
import org.pmos.crypto.pki.PkiEntity;
import org.pmos.crypto.pki.TlsClientContext;
import org.pmos.crypto.suite.AlgorithmSuite;
import org.pmos.crypto.suite.Profile;

/**
 * The enrollment storm: N distinct emulated handsets (each with its own TEE and factory
 * attestation key) enroll against a real server process at K in flight. Untimed, each takes
 * its challenge and its TEE makes the attested key and CSR; timed, they send them. The server is
 * killed (SIGKILL) in the middle and started again on the same database; handsets whose
 * request failed retry with backoff and jitter. At the end every handset must hold the
 * certificate the registry records for it: each enrolled exactly once.
 *
 * <pre>
 * scripts/mvn -B -q -pl benchmarks -am package -DskipTests
 * java -cp "benchmarks/target/benchmarks.jar" org.pmos.bench.provisioning.EnrollmentStorm \
 *     --server provisioning-server/target/quarkus-app/quarkus-run.jar --handsets 10000 --in-flight 200 --db h2|pg
 * </pre>
 * The same run measures the server's CPU cost per enrollment (chain verify + CSR verify +
 * one ECDSA sign) single-threaded: the limit the storm is compared with.
 */
public final class EnrollmentStorm {
    private static final String PASSWORD = "storm-password";
    private static final ObjectMapper JSON = new ObjectMapper();

    record Handset(String serial, String imei, TeeKeyStore tee) {}

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
        String db = a.getOrDefault("db", "h2");
        boolean kill = !"false".equals(a.get("kill"));
        Path work = Files.createTempDirectory(Path.of(a.getOrDefault("tmp", "/dev/shm")), "pmos-storm");
        EmbeddedPostgres pg = null;
        Process server = null;
        try {
            System.out.printf("storm: %d handsets, %d in flight, %s, kill=%s, work %s%n", n, inFlight, db, kill, work);
            MinistryPki pki = MinistryPki.init(work.resolve("pki"), MinistryPki.Settings.defaults(Profile.NIST),
                    PASSWORD.toCharArray(), Instant.now(), new SecureRandom(), s -> { });
            double limit = measureLimit(pki, work);

            long t0 = System.nanoTime();
            List<Handset> handsets = makeHandsets(pki, work.resolve("handsets"), n);
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
            server = startServer(serverJar, props, work);
            URI base = URI.create("https://127.0.0.1:" + port + "/");
            HttpClient admin = client(pki, adminKey(pki));
            StringBuilder csv = new StringBuilder("serial,imei,model\n");
            handsets.forEach(h -> csv.append(h.serial()).append(',').append(h.imei()).append(",P1\n"));
            HttpResponse<String> imp = admin.send(HttpRequest.newBuilder(base.resolve("api/devices/import"))
                    .header("Content-Type", "text/csv").POST(HttpRequest.BodyPublishers.ofString(csv.toString())).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (imp.statusCode() != 200) {
                throw new IllegalStateException("import failed: " + imp.body());
            }

            HttpClient http = client(pki, null);
            // Untimed: every handset gets its challenge and its TEE makes the attested key and
            // the CSR, so the timed phase measures the server, not the simulated TEEs.
            long p0 = System.nanoTime();
            byte[][] prepared = prepare(http, base, handsets);
            System.out.printf("attestation chains and CSRs prepared in %.1f s (untimed)%n", (System.nanoTime() - p0) / 1e9);

            Semaphore slots = new Semaphore(inFlight);
            ExecutorService pool = Executors.newFixedThreadPool(inFlight);
            long[] latencies = new long[n];
            String[] heldCert = new String[n];
            AtomicInteger done = new AtomicInteger();
            AtomicLong retries = new AtomicLong();
            Map<String, AtomicInteger> errors = new java.util.concurrent.ConcurrentHashMap<>();
            Process[] current = {server};
            long killedServerCpu = 0;
            long serverCpu0 = cpuNanos(server);
            long toolCpu0 = toolCpuNanos();
            long start = System.nanoTime();
            List<CompletableFuture<Void>> all = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                int idx = i;
                slots.acquire();
                all.add(CompletableFuture.runAsync(() -> {
                    try {
                        long t = System.nanoTime();
                        for (int attempt = 0; ; attempt++) {
                            try {
                                heldCert[idx] = attempt == 0
                                        ? certificateSerial(post(http, base.resolve("enroll"), prepared[idx]))
                                        : enroll(http, base, handsets.get(idx)); // a fresh challenge and key
                                latencies[idx] = System.nanoTime() - t;
                                break;
                            } catch (Exception e) {
                                retries.incrementAndGet();
                                errors.computeIfAbsent(errorKind(e), k -> new AtomicInteger()).incrementAndGet();
                                if (attempt > 200) {
                                    throw new IllegalStateException(handsets.get(idx).serial() + " gave up", e);
                                }
                                long ceiling = Math.min(2000, 50L << Math.min(attempt, 6));
                                Thread.sleep(ThreadLocalRandom.current().nextLong(ceiling + 1));
                            }
                        }
                        done.incrementAndGet();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    } finally {
                        slots.release();
                    }
                }, pool));
                if (kill && i == n / 2) {
                    // Kill the server in the middle of the storm, then start it again on the same data.
                    System.out.printf("killing the server at %d started / %d done%n", i, done.get());
                    killedServerCpu = cpuNanos(current[0]) - serverCpu0;
                    current[0].destroyForcibly().waitFor();
                    Files.deleteIfExists(work.resolve("server/run/server.json"));
                    long r0 = System.nanoTime();
                    current[0] = startServer(serverJar, props, work);
                    serverCpu0 = cpuNanos(current[0]);
                    System.out.printf("server back in %.1f s%n", (System.nanoTime() - r0) / 1e9);
                }
            }
            CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).join();
            double seconds = (System.nanoTime() - start) / 1e9;
            double serverCpu = (killedServerCpu + cpuNanos(current[0]) - serverCpu0) / 1e9;
            double toolCpu = (toolCpuNanos() - toolCpu0) / 1e9;
            pool.shutdown();
            server = current[0];

            // Exactly once: the registry's certificate for every serial is the one its handset holds.
            HttpResponse<String> list = admin.send(HttpRequest.newBuilder(base.resolve("api/devices?limit=" + (n + 1000))).build(),
                    HttpResponse.BodyHandlers.ofString());
            Map<String, JsonNode> bySerial = new HashMap<>();
            for (JsonNode d : JSON.readTree(list.body())) {
                bySerial.put(d.get("serial").asText(), d);
            }
            int ok = 0;
            int twice = 0;
            for (int i = 0; i < n; i++) {
                JsonNode d = bySerial.get(handsets.get(i).serial());
                if (d != null && "ENROLLED".equals(d.get("state").asText())
                        && d.get("certificateSerial").asText().equals(heldCert[i])) {
                    ok++;
                }
                if (d != null && d.get("enrollments").asInt() > 1) {
                    twice++;
                }
            }
            long[] sorted = Arrays.stream(latencies).sorted().toArray();
            System.out.printf("enrolled %d/%d in %.1f s: %.0f enrollments/s, p50 %.1f ms, p99 %.1f ms, retries %d,"
                    + " re-enrolled after the kill %d%n", done.get(), n, seconds, n / seconds,
                    sorted[n / 2] / 1e6, sorted[(int) (n * 0.99)] / 1e6, retries.get(), twice);
            System.out.printf("registry: %d devices, %d hold exactly the registry's current certificate%n",
                    bySerial.size(), ok);
            System.out.printf("limit (2 cores, CPU only): %.0f enrollments/s; storm reached %.0f%% of it%n",
                    limit, 100 * (n / seconds) / limit);
            System.out.printf("CPU in the timed phase: server %.1f s (%.2f ms/enrollment), load tool %.1f s, wall %.1f s x 2 cores%n",
                    serverCpu, 1000 * serverCpu / n, toolCpu, seconds);
            errors.forEach((k, v) -> System.out.printf("  retried after: %s x %d%n", k, v.get()));
            System.out.printf("exactly once: %s (%d/%d)%n", ok == n ? "YES" : "NO", ok, n);
            if (ok != n) {
                throw new IllegalStateException("not every handset is enrolled exactly once: " + ok + "/" + n);
            }
        } finally {
            if (server != null) {
                server.destroy();
                server.waitFor(20, TimeUnit.SECONDS);
                server.destroyForcibly();
            }
            if (pg != null) {
                pg.close();
            }
            try (var s = Files.walk(work)) {
                s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /** Challenge, attested key, CSR, enroll; returns the certificate serial (hex) the handset now holds. */
    static String enroll(HttpClient http, URI base, Handset h) throws Exception {
        return certificateSerial(post(http, base.resolve("enroll"), enrollRequest(http, base, h)));
    }

    static String certificateSerial(JsonNode enrolled) throws Exception {
        X509Certificate cert = Pem.certificates(enrolled.get("certificateChain").asText().getBytes()).get(0);
        return cert.getSerialNumber().toString(16);
    }

    /** The body of {@code POST /enroll} for every handset, made with 2 threads (the 2 cores). */
    static byte[][] prepare(HttpClient http, URI base, List<Handset> handsets) throws Exception {
        byte[][] out = new byte[handsets.size()][];
        ExecutorService pool = Executors.newFixedThreadPool(2);
        List<CompletableFuture<Void>> jobs = new ArrayList<>();
        for (int i = 0; i < out.length; i++) {
            int idx = i;
            jobs.add(CompletableFuture.runAsync(() -> {
                try {
                    out[idx] = enrollRequest(http, base, handsets.get(idx));
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }, pool));
        }
        CompletableFuture.allOf(jobs.toArray(CompletableFuture[]::new)).join();
        pool.shutdown();
        return out;
    }

    /** Asks for a challenge; the handset's TEE makes a key attested with it and the CSR. */
    static byte[] enrollRequest(HttpClient http, URI base, Handset h) throws Exception {
        JsonNode c = post(http, base.resolve("enroll/challenge"), Map.of("serial", h.serial()));
        byte[] challenge = HexFormat.of().parseHex(c.get("challenge").asText());
        String alias = "device-identity";
        synchronized (h) {
            if (h.tee().aliases().contains(alias)) {
                h.tee().deleteKey(alias);
            }
            GeneratedKey key = h.tee().generateKey(alias, AlgorithmSuite.ECDSA_P256_SHA256, Optional.of(challenge));
            String csr = Pem.encode(new JcaPKCS10CertificationRequestBuilder(
                    new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.CN, h.serial()).build(), key.publicKey())
                    .build(ContentSigners.of(d -> h.tee().sign(alias, d), key.suite())));
            return JSON.writeValueAsBytes(Map.of("serial", h.serial(), "challenge", HexFormat.of().formatHex(challenge),
                    "csr", csr, "attestationChain", Pem.encode(key.certificateChain())));
        }
    }

    /** "HTTP 503 STORAGE_UNAVAILABLE", "ConnectException", ...: what a retry was for. */
    static String errorKind(Exception e) {
        String m = e.getMessage() == null ? "" : e.getMessage();
        java.util.regex.Matcher code = java.util.regex.Pattern.compile("^(HTTP \\d+).*\"code\":\"([A-Z_]+)\"").matcher(m);
        return code.find() ? code.group(1) + " " + code.group(2) : e.getClass().getSimpleName() + ": " + m;
    }

    static long cpuNanos(Process p) {
        return p.toHandle().info().totalCpuDuration().map(Duration::toNanos).orElse(0L);
    }

    static long toolCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    static JsonNode post(HttpClient http, URI uri, Object body) throws Exception {
        return post(http, uri, JSON.writeValueAsBytes(body));
    }

    static JsonNode post(HttpClient http, URI uri, byte[] json) throws Exception {
        HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(json))
                .build(), HttpResponse.BodyHandlers.ofByteArray());
        if (r.statusCode() != 200) {
            throw new IllegalStateException("HTTP " + r.statusCode() + " from " + uri + ": " + new String(r.body()));
        }
        return JSON.readTree(r.body());
    }

    static List<Handset> makeHandsets(MinistryPki pki, Path dir, int n) throws Exception {
        PrivateKey oemKey = pki.keyEntry(PkiEntity.OEM_ATTESTATION_ROOT, PASSWORD.toCharArray()).key();
        X509Certificate oemCert = pki.certificate(PkiEntity.OEM_ATTESTATION_ROOT);
        OemAttestationRoot oem = new OemAttestationRoot(Primitives.signer(KeyHandle.ofKeyPair(AlgorithmSuite.ECDSA_P256_SHA256,
                oemCert.getPublicKey(), oemKey, SecretAccess.get())), AlgorithmSuite.ECDSA_P256_SHA256, oemCert);
        Handset[] out = new Handset[n];
        SecureRandom random = new SecureRandom();
        List<CompletableFuture<Void>> jobs = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(2);
        for (int i = 0; i < n; i++) {
            int idx = i;
            jobs.add(CompletableFuture.runAsync(() -> {
                try {
                    String serial = String.format("STORM%06d", idx);
                    String imei = imei(idx);
                    DeviceIds ids = new DeviceIds("pmos", "zte_p1", "zte_p1", serial, imei, "ZTE", "P1");
                    byte[] bootKey = new byte[32];
                    TeeKeyStore tee = TeeKeyStore.open(dir.resolve(serial), SecretBytes.random(32, random), ids,
                            new RootOfTrust(bootKey, true, VerifiedBootState.SELF_SIGNED, new byte[32]),
                            new SystemVersions(140000, 202609, 20260901, 20260901), Clock.systemUTC());
                    tee.provisionAttestationKey(oem);
                    out[idx] = new Handset(serial, imei, tee);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }, pool));
        }
        CompletableFuture.allOf(jobs.toArray(CompletableFuture[]::new)).join();
        pool.shutdown();
        return List.of(out);
    }

    /**
     * The server's CPU work per enrollment, single-threaded: the attestation chain verify, the
     * CSR check, one ECDSA sign of the device certificate. With 2 cores: 2 / cost.
     */
    static double measureLimit(MinistryPki pki, Path work) throws Exception {
        List<Handset> hs = makeHandsets(pki, work.resolve("limit"), 1);
        Handset h = hs.get(0);
        byte[] challenge = new byte[32];
        GeneratedKey key = h.tee().generateKey("k", AlgorithmSuite.ECDSA_P256_SHA256, Optional.of(challenge));
        byte[] csr = new JcaPKCS10CertificationRequestBuilder(new X500Name("CN=" + h.serial()), key.publicKey())
                .build(ContentSigners.of(d -> h.tee().sign("k", d), key.suite())).getEncoded();
        TrustAnchors anchors = TrustAnchors.ofCertificates(List.of(pki.certificate(PkiEntity.OEM_ATTESTATION_ROOT)));
        CertificateAuthority ca = pki.authority(PkiEntity.DEVICE_CA, PASSWORD.toCharArray());
        int rounds = 3000;
        long t = 0;
        for (int pass = 0; pass < 2; pass++) { // the first pass warms the JIT up
            long s = System.nanoTime();
            for (int i = 0; i < rounds; i++) {
                AttestationResult r = AttestationVerifier.verify(key.certificateChain(), anchors, Optional.of(challenge),
                        RevocationList.empty(), Instant.now());
                if (!(r instanceof AttestationResult.Verified)) {
                    throw new IllegalStateException("limit chain does not verify: " + r);
                }
                CsrPolicy.check(csr, Profile.NIST, CertificateRole.DEVICE);
                Instant now = Instant.now();
                ca.issue(new CertificateAuthority.Request(new X500Name("CN=" + h.serial()), key.publicKey(),
                        CertificateRole.DEVICE, now, now.plus(Duration.ofDays(365)),
                        java.math.BigInteger.valueOf(i + 1L), List.of(), null));
            }
            t = System.nanoTime() - s;
        }
        double perOp = t / 1e6 / rounds;
        double limit = 2 * 1000 / perOp;
        System.out.printf("one enrollment's crypto (chain verify + CSR verify + ECDSA sign): %.3f ms -> limit %.0f/s on 2 cores%n",
                perOp, limit);
        return limit;
    }

    static Process startServer(Path jar, Map<String, String> props, Path work) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx1g"));
        String jvm = System.getProperty("storm.server.jvm", "");
        if (!jvm.isBlank()) {
            cmd.addAll(List.of(jvm.trim().split("\\s+"))); // e.g. -XX:StartFlightRecording=filename=server.jfr
        }
        props.forEach((k, v) -> cmd.add("-D" + k + "=" + v));
        cmd.add("-jar");
        cmd.add(jar.toString());
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(work.resolve("server.log").toFile()));
        pb.environment().put("PMOS_PASSWORD", PASSWORD);
        Process p = pb.start();
        Path run = Path.of(props.get("pmos.server.data"), "run", "server.json");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (!Files.exists(run)) {
            if (!p.isAlive() || System.nanoTime() > deadline) {
                throw new IllegalStateException("server did not start; see " + work.resolve("server.log") + ":\n"
                        + Files.readString(work.resolve("server.log")));
            }
            Thread.sleep(50);
        }
        return p;
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

    static String imei(long n) {
        String body = String.format("35%012d", n);
        int sum = 0;
        for (int i = 0; i < 14; i++) {
            int d = body.charAt(i) - '0';
            if (i % 2 == 1) {
                d *= 2;
                if (d > 9) {
                    d -= 9;
                }
            }
            sum += d;
        }
        return body + (10 - sum % 10) % 10;
    }
}
