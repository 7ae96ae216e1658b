package org.pmos.bench.provisioning;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;
import org.pmos.crypto.attestation.RootOfTrust;
import org.pmos.crypto.attestation.VerifiedBootState;
import org.pmos.crypto.internal.ContentSigners;
import org.pmos.crypto.internal.Primitives;
import org.pmos.crypto.key.KeyHandle;
import org.pmos.crypto.key.SecretAccess;
import org.pmos.crypto.key.SecretBytes;
import org.pmos.crypto.keystore.DeviceIds;
import org.pmos.crypto.keystore.GeneratedKey;
import org.pmos.crypto.keystore.Imei;
import org.pmos.crypto.keystore.OemAttestationRoot;
import org.pmos.crypto.keystore.SystemVersions;
import org.pmos.crypto.keystore.TeeKeyStore;
import org.pmos.crypto.pki.MinistryPki;
import org.pmos.crypto.pki.Pem;
import org.pmos.crypto.pki.PkiEntity;
import org.pmos.crypto.suite.AlgorithmSuite;

/**
 * The simulated handsets: each a distinct serial and IMEI with its own TEE holding a factory
 * attestation key certified by the OEM root, locked, booted with the ministry's image key
 * (YELLOW). Holds each handset's prepared enrollment request and the server's answer.
 */
final class StormHandsets {
    static final ObjectMapper JSON = new ObjectMapper();
    private static final String ALIAS = "device-identity";
    /** The digest of the key the handsets' images are signed with, as their TEEs attest it. */
    static final byte[] IMAGE_KEY_DIGEST = new byte[32];

    private record Handset(String serial, String imei, TeeKeyStore tee) {}

    private final List<Handset> handsets;
    private final byte[][] prepared;
    private final byte[][] answers;

    private StormHandsets(List<Handset> handsets) {
        this.handsets = handsets;
        this.prepared = new byte[handsets.size()][];
        this.answers = new byte[handsets.size()][];
    }

    /** {@code n} handsets, their TEEs under {@code dir}, made on 2 threads. */
    static StormHandsets make(MinistryPki pki, char[] password, Path dir, int n) throws Exception {
        PrivateKey oemKey = pki.keyEntry(PkiEntity.OEM_ATTESTATION_ROOT, password).key();
        X509Certificate oemCert = pki.certificate(PkiEntity.OEM_ATTESTATION_ROOT);
        OemAttestationRoot oem = new OemAttestationRoot(Primitives.signer(KeyHandle.ofKeyPair(AlgorithmSuite.ECDSA_P256_SHA256,
                oemCert.getPublicKey(), oemKey, SecretAccess.get())), AlgorithmSuite.ECDSA_P256_SHA256, oemCert);
        SecureRandom random = new SecureRandom();
        Handset[] out = new Handset[n];
        onTwoThreads(n, idx -> {
            String serial = String.format("STORM%06d", idx);
            DeviceIds ids = new DeviceIds("pmos", "zte_p1", "zte_p1", serial, imei(idx), "ZTE", "P1");
            TeeKeyStore tee = TeeKeyStore.open(dir.resolve(serial), SecretBytes.random(32, random), ids,
                    new RootOfTrust(IMAGE_KEY_DIGEST, true, VerifiedBootState.SELF_SIGNED, new byte[32]),
                    new SystemVersions(140000, 202609, 20260901, 20260901), Clock.systemUTC());
            tee.provisionAttestationKey(oem);
            out[idx] = new Handset(serial, ids.imei(), tee);
        });
        return new StormHandsets(List.of(out));
    }

    int size() {
        return handsets.size();
    }

    TeeKeyStore tee(int idx) {
        return handsets.get(idx).tee();
    }

    String serial(int idx) {
        return handsets.get(idx).serial();
    }

    /** The maker's purchase manifest for all of them. */
    String manifestCsv() {
        StringBuilder csv = new StringBuilder("serial,imei,model\n");
        handsets.forEach(h -> csv.append(h.serial()).append(',').append(h.imei()).append(",P1\n"));
        return csv.toString();
    }

    /** Every handset takes its challenge and makes its attested key and CSR (2 threads: the 2 cores). */
    void prepare(StormHttpClient http) throws Exception {
        onTwoThreads(size(), idx -> prepared[idx] = enrollRequest(http, idx));
    }

    byte[] prepared(int idx) {
        return prepared[idx];
    }

    void answered(int idx, byte[] answer) {
        answers[idx] = answer;
    }

    /** The serial (hex) of the certificate the server gave handset {@code idx}, or null. */
    String heldCertificate(int idx) throws Exception {
        if (answers[idx] == null) {
            return null;
        }
        JsonNode enrolled = JSON.readTree(answers[idx]);
        X509Certificate cert = Pem.certificates(enrolled.get("certificateChain").asText()
                .getBytes(StandardCharsets.US_ASCII)).get(0);
        return cert.getSerialNumber().toString(16);
    }

    /** Asks for a challenge; the handset's TEE makes a key attested with it, and the CSR: the body of {@code POST /enroll}. */
    byte[] enrollRequest(StormHttpClient http, int idx) throws Exception {
        Handset h = handsets.get(idx);
        JsonNode c = JSON.readTree(send(http, "/enroll/challenge", JSON.writeValueAsBytes(Map.of("serial", h.serial()))));
        byte[] challenge = HexFormat.of().parseHex(c.get("challenge").asText());
        synchronized (h) {
            if (h.tee().aliases().contains(ALIAS)) {
                h.tee().deleteKey(ALIAS);
            }
            GeneratedKey key = h.tee().generateKey(ALIAS, AlgorithmSuite.ECDSA_P256_SHA256, Optional.of(challenge));
            String csr = Pem.encode(new JcaPKCS10CertificationRequestBuilder(
                    new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.CN, h.serial()).build(), key.publicKey())
                    .build(ContentSigners.of(d -> h.tee().sign(ALIAS, d), key.suite())));
            return JSON.writeValueAsBytes(Map.of("serial", h.serial(), "challenge", HexFormat.of().formatHex(challenge),
                    "csr", csr, "attestationChain", Pem.encode(key.certificateChain())));
        }
    }

    /** POSTs and returns the body of a 200 answer; anything else is an exception naming the status and body. */
    static byte[] send(StormHttpClient http, String path, byte[] json) throws Exception {
        StormHttpClient.Response r = http.post(path, json);
        if (r.status() != 200) {
            throw new HttpStatusException(r.status(), "HTTP " + r.status() + " from " + path + ": "
                    + new String(r.body(), StandardCharsets.UTF_8));
        }
        return r.body();
    }

    /** The server answered, but not with 200. */
    static final class HttpStatusException extends IllegalStateException {
        final int status;

        HttpStatusException(int status, String message) {
            super(message);
            this.status = status;
        }

        /** A refusal (4xx): sending the same request again would be refused again. */
        boolean refusal() {
            return status >= 400 && status < 500;
        }
    }

    /** A valid IMEI for handset {@code n}. */
    static String imei(long n) {
        return Imei.of(String.format("35%012d", n));
    }

    private interface IndexJob {
        void run(int idx) throws Exception;
    }

    private static void onTwoThreads(int n, IndexJob job) {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<CompletableFuture<Void>> jobs = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                int idx = i;
                jobs.add(CompletableFuture.runAsync(() -> {
                    try {
                        job.run(idx);
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                }, pool));
            }
            CompletableFuture.allOf(jobs.toArray(CompletableFuture[]::new)).join();
        } finally {
            pool.shutdown();
        }
    }
}
