package org.pmos.bench.provisioning;

import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;
import org.pmos.crypto.attestation.AttestationResult;
import org.pmos.crypto.attestation.AttestationVerifier;
import org.pmos.crypto.attestation.CertificateChains;
import org.pmos.crypto.attestation.RevocationList;
import org.pmos.crypto.attestation.TrustAnchors;
import org.pmos.crypto.internal.ContentSigners;
import org.pmos.crypto.keystore.GeneratedKey;
import org.pmos.crypto.keystore.TeeKeyStore;
import org.pmos.crypto.pki.CertificateAuthority;
import org.pmos.crypto.pki.CertificateRole;
import org.pmos.crypto.pki.CsrPolicy;
import org.pmos.crypto.pki.MinistryPki;
import org.pmos.crypto.pki.Pem;
import org.pmos.crypto.pki.PkiEntity;
import org.pmos.crypto.suite.AlgorithmSuite;
import org.pmos.crypto.suite.Profile;

/**
 * The storm's yardstick: the server's crypto per enrollment, single-threaded: parse and verify
 * the attestation chain, check the CSR (its signature), one ECDSA sign of the device
 * certificate. Each round takes another handset's request, parsed afresh, as the server sees
 * them: verifying the same key objects again would reuse Bouncy Castle's precomputed multiples
 * of that key and look cheaper than any storm can be. The limit runs it on two threads at once,
 * as the two cores run it in a storm: twice the single-threaded rate overstates what two busy
 * cores of this VM do by 20-30%.
 */
final class CryptoLimit {
    private static final int DISTINCT = 100;
    private static final int ROUNDS = 1000;

    private final StormHandsets handsets;
    private final String[] chains = new String[DISTINCT];
    private final byte[][] csrs = new byte[DISTINCT][];
    private final byte[] challenge = new byte[32];
    private final TrustAnchors anchors;
    private final CertificateAuthority ca;

    private CryptoLimit(MinistryPki pki, char[] password, Path dir) throws Exception {
        handsets = StormHandsets.make(pki, password, dir, DISTINCT);
        for (int h = 0; h < DISTINCT; h++) {
            TeeKeyStore tee = handsets.tee(h);
            GeneratedKey key = tee.generateKey("k", AlgorithmSuite.ECDSA_P256_SHA256, Optional.of(challenge));
            chains[h] = Pem.encode(key.certificateChain());
            csrs[h] = new JcaPKCS10CertificationRequestBuilder(new X500Name("CN=" + handsets.serial(h)), key.publicKey())
                    .build(ContentSigners.of(d -> tee.sign("k", d), key.suite())).getEncoded();
        }
        anchors = TrustAnchors.ofCertificates(List.of(pki.certificate(PkiEntity.OEM_ATTESTATION_ROOT)));
        ca = pki.authority(PkiEntity.DEVICE_CA, password);
    }

    static CryptoLimit prepare(MinistryPki pki, char[] password, Path dir) throws Exception {
        return new CryptoLimit(pki, password, dir);
    }

    /** Warms up, then the median of 5 passes (one short pass varies by 20-40% here); returns enrollments/s on 2 cores. */
    double measure() throws Exception {
        // Warmed up on one thread first, so that the JIT compiler has the other core to finish on.
        for (int w = 0; w < 8; w++) {
            rounds();
        }
        double[] passes = new double[5];
        ExecutorService two = Executors.newFixedThreadPool(2);
        try {
            for (int pass = -1; pass < passes.length; pass++) {
                long s = System.nanoTime();
                List<Future<?>> halves = List.of(two.submit(this::rounds), two.submit(this::rounds));
                for (Future<?> f : halves) {
                    f.get();
                }
                if (pass >= 0) {
                    passes[pass] = 2.0 * ROUNDS / ((System.nanoTime() - s) / 1e9);
                }
            }
        } finally {
            two.shutdown();
        }
        Arrays.sort(passes);
        double limit = passes[passes.length / 2];
        System.out.printf("enrollment crypto (parse + chain verify + CSR verify + ECDSA sign, %d distinct handsets) on 2"
                + " threads: %.0f/s = %.3f ms of CPU each%n", DISTINCT, limit, 2 * 1000 / limit);
        return limit;
    }

    private Void rounds() throws Exception {
        for (int i = 0; i < ROUNDS; i++) {
            enrollmentCrypto(i);
        }
        return null;
    }

    private void enrollmentCrypto(int i) throws Exception {
        int h = i % DISTINCT;
        List<X509Certificate> chain = CertificateChains.fromPem(chains[h]);
        AttestationResult r = AttestationVerifier.verify(chain, anchors, Optional.of(challenge), RevocationList.empty(),
                Instant.now());
        if (!(r instanceof AttestationResult.Verified)) {
            throw new IllegalStateException("limit chain does not verify: " + r);
        }
        CsrPolicy.check(csrs[h], Profile.NIST, CertificateRole.DEVICE);
        Instant now = Instant.now();
        ca.issue(new CertificateAuthority.Request(new X500Name("CN=" + handsets.serial(h)), chain.get(0).getPublicKey(),
                CertificateRole.DEVICE, now, now.plus(Duration.ofDays(365)), java.math.BigInteger.valueOf(i + 1L),
                List.of(), null));
    }
}
