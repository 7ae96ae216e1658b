package org.pmos.kernel.enroll;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;
import org.pmos.crypto.internal.ContentSigners;
import org.pmos.crypto.keystore.GeneratedKey;
import org.pmos.crypto.keystore.TeeKeyStore;
import org.pmos.crypto.pki.Pem;
import org.pmos.crypto.suite.AlgorithmSuite;

/**
 * The handset's enrollment agent: asks the provisioning server for a challenge, has the TEE
 * generate the device key attested with it, and sends a CSR signed by that key together with
 * the attestation chain. Speaks the server's HTTPS/JSON protocol with its own small DTOs
 * (this module does not know the server's code) and trusts only the pinned service CA.
 */
public final class EnrollmentAgent {
    /** The TEE alias of the device identity key; replaced at every enrollment. */
    public static final String KEY_ALIAS = "device-identity";
    static final int MAX_RESPONSE_BYTES = 4 * 1024 * 1024;

    private final EnrollmentSettings settings;
    private final TeeKeyStore tee;
    private final String serial;
    private final Consumer<String> console;
    private final HttpClient http;
    private final ObjectMapper json = new ObjectMapper();

    record ChallengeRequest(String serial) {}

    record EnrollRequest(String serial, String challenge, String csr, String attestationChain) {}

    /** The refusals after which a request sent again is pointless: the challenge is gone. */
    private static final Set<String> START_OVER = Set.of("CHALLENGE_REUSED", "CHALLENGE_EXPIRED",
            "CHALLENGE_UNKNOWN");

    /** The enroll request whose answer never came, if the last attempt ended that way. */
    private EnrollRequest unanswered;

    public EnrollmentAgent(EnrollmentSettings settings, TeeKeyStore tee, String serial, Consumer<String> console)
            throws GeneralSecurityException {
        this.settings = settings;
        this.tee = tee;
        this.serial = serial;
        this.console = console;
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(null, new TrustManager[] {new PinnedTrustManager(settings.serviceCaSpkiSha256())}, new SecureRandom());
        this.http = HttpClient.newBuilder().sslContext(tls).connectTimeout(Duration.ofSeconds(10)).build();
    }

    /**
     * Enrolls, retrying only when the server cannot be reached (never on a refusal: the
     * reason is shown and returned), waiting {@code backoff} between attempts.
     */
    public EnrollmentOutcome enroll(int maxAttempts, Backoff backoff) throws InterruptedException {
        EnrollmentOutcome last = null;
        for (int attempt = 0; attempt < maxAttempts; attempt++) {
            if (attempt > 0) {
                Duration d = backoff.delay(attempt - 1);
                console.accept("enrollment: retrying in " + d.toMillis() + " ms");
                Thread.sleep(d.toMillis());
            }
            last = enrollOnce();
            if (!(last instanceof EnrollmentOutcome.Unreachable)) {
                return last;
            }
        }
        return last;
    }

    /**
     * One attempt: challenge, attested key, CSR, enroll. After an attempt whose enroll request
     * got no answer, first that same request again: the server may have recorded it and lost
     * only the answer (killed after its commit), and answers it with the certificate it issued
     * then; only a spent or expired challenge means starting over.
     */
    public EnrollmentOutcome enrollOnce() throws InterruptedException {
        try {
            if (unanswered != null) {
                JsonNode r = post("enroll", unanswered);
                unanswered = null;
                if (!r.has("code")) {
                    return enrolled(r);
                }
                if (!START_OVER.contains(r.path("code").asText())) {
                    return refused(r);
                }
            }
            JsonNode c = post("enroll/challenge", new ChallengeRequest(serial));
            if (c.has("code")) {
                return refused(c);
            }
            byte[] challenge = HexFormat.of().parseHex(c.path("challenge").asText());
            if (tee.aliases().contains(KEY_ALIAS)) {
                tee.deleteKey(KEY_ALIAS);
            }
            GeneratedKey key = tee.generateKey(KEY_ALIAS, AlgorithmSuite.ECDSA_P256_SHA256, Optional.of(challenge));
            String csr = Pem.encode(new JcaPKCS10CertificationRequestBuilder(
                    new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.CN, serial).build(), key.publicKey())
                    .build(ContentSigners.of(data -> tee.sign(KEY_ALIAS, data), key.suite())));
            EnrollRequest request = new EnrollRequest(serial, HexFormat.of().formatHex(challenge), csr,
                    Pem.encode(key.certificateChain()));
            unanswered = request;
            JsonNode r = post("enroll", request);
            unanswered = null;
            return r.has("code") ? refused(r) : enrolled(r);
        } catch (IOException | GeneralSecurityException | IllegalArgumentException e) {
            String detail = e.getClass().getSimpleName() + ": " + e.getMessage();
            console.accept("enrollment: server unreachable (" + detail + ")");
            return new EnrollmentOutcome.Unreachable(detail);
        }
    }

    private EnrollmentOutcome enrolled(JsonNode r) throws IOException {
        String bundle = r.path("policyBundle").isTextual() ? r.get("policyBundle").asText() : null;
        console.accept("enrollment: enrolled; relay " + r.path("relayAddress").asText());
        return new EnrollmentOutcome.Enrolled(r.path("certificateChain").asText(),
                Optional.ofNullable(bundle).map(b -> Base64.getDecoder().decode(b)),
                json.writeValueAsString(r.path("appCatalog")), r.path("relayAddress").asText(),
                r.path("directory").isArray() ? json.writeValueAsString(r.path("directory")) : "[]");
    }

    private EnrollmentOutcome refused(JsonNode problem) {
        String code = problem.path("code").asText("UNKNOWN");
        String detail = problem.path("detail").asText("");
        console.accept("enrollment refused: " + code + " (" + detail + ")");
        return new EnrollmentOutcome.Refused(code, detail);
    }

    /** POSTs JSON; returns the JSON answer, a problem (with {@code code}) for 4xx, throws for anything else. */
    private JsonNode post(String path, Object body) throws IOException, InterruptedException {
        URI uri = settings.server().resolve(path);
        HttpRequest req = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json").header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(json.writeValueAsBytes(body))).build();
        HttpResponse<byte[]> resp = http.send(req, HttpResponse.BodyHandlers.ofByteArray());
        if (resp.body().length > MAX_RESPONSE_BYTES) {
            throw new IOException("answer from " + uri + " is larger than " + MAX_RESPONSE_BYTES + " bytes");
        }
        int status = resp.statusCode();
        if (status == 200 || (status >= 400 && status < 500)) {
            JsonNode n = json.readTree(resp.body());
            if (status != 200 && (n == null || !n.has("code"))) {
                return json.valueToTree(Map.of("code", "HTTP_" + status, "detail", "no problem details"));
            }
            return n;
        }
        throw new IOException("HTTP " + status + " from " + uri);
    }
}
