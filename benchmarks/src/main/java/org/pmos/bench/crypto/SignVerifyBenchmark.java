package org.pmos.bench.crypto;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Provider;
import java.security.SecureRandom;
import java.security.Security;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.util.concurrent.TimeUnit;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.jcajce.spec.SM2ParameterSpec;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.pmos.crypto.api.Signer;
import org.pmos.crypto.api.Verifier;
import org.pmos.crypto.internal.Providers;
import org.pmos.crypto.key.KeyHandle;
import org.pmos.crypto.suite.AlgorithmSuite;
import org.pmos.crypto.suite.ApprovedSuites;
import org.pmos.crypto.suite.Profile;

/**
 * Sign / verify per suite on each provider that implements it (the JDK's SunEC against
 * Bouncy Castle, same run), the crypto-services API on the pinned provider, and AES-256-GCM on
 * SunJCE against Bouncy Castle. The figures decide {@code org.pmos.crypto.internal.Providers}.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class SignVerifyBenchmark {
    private static final byte[] MESSAGE = "officer 4711: enrollment request, 256 bytes of CSR-sized payload follow"
            .repeat(4).getBytes(StandardCharsets.UTF_8);

    /** Raw JCA on one provider: "suite/provider". */
    @State(Scope.Thread)
    public static class Jca {
        @Param({"P256/SunEC", "P256/BC", "SM2/BC", "Ed25519/SunEC", "Ed25519/BC"})
        public String config;

        Signature signer;
        Signature verifier;
        byte[] signature;

        @Setup
        public void setup() throws GeneralSecurityException {
            String[] parts = config.split("/");
            Provider p = parts[1].equals("BC") ? Providers.bouncyCastle() : Security.getProvider(parts[1]);
            KeyPairGenerator g;
            String alg;
            switch (parts[0]) {
                case "P256" -> {
                    g = KeyPairGenerator.getInstance("EC", p);
                    g.initialize(new ECGenParameterSpec("secp256r1"));
                    alg = "SHA256withECDSA";
                }
                case "SM2" -> {
                    g = KeyPairGenerator.getInstance("EC", p);
                    g.initialize(new ECGenParameterSpec("sm2p256v1"));
                    alg = "SM3withSM2";
                }
                default -> {
                    g = KeyPairGenerator.getInstance("Ed25519", p);
                    alg = "Ed25519";
                }
            }
            KeyPair kp = g.generateKeyPair();
            signer = Signature.getInstance(alg, p);
            verifier = Signature.getInstance(alg, p);
            if (parts[0].equals("SM2")) {
                signer.setParameter(new SM2ParameterSpec(AlgorithmSuite.SM2_DEFAULT_USER_ID.getBytes(StandardCharsets.US_ASCII)));
                verifier.setParameter(new SM2ParameterSpec(AlgorithmSuite.SM2_DEFAULT_USER_ID.getBytes(StandardCharsets.US_ASCII)));
            }
            signer.initSign(kp.getPrivate(), new SecureRandom());
            verifier.initVerify(kp.getPublic());
            signer.update(MESSAGE);
            signature = signer.sign();
        }
    }

    /** The crypto-services API (pinned provider, fresh Signature per call as in production). */
    @State(Scope.Thread)
    public static class Api {
        @Param({"ECDSA_P256_SHA256", "SM2_SM3", "ED25519"})
        public AlgorithmSuite suite;

        Signer signer;
        Verifier verifier;
        byte[] signature;

        @Setup
        public void setup() throws GeneralSecurityException {
            ApprovedSuites config = ApprovedSuites.of(suite == AlgorithmSuite.SM2_SM3 ? Profile.GM : Profile.NIST);
            KeyHandle key = KeyHandle.generate(suite);
            signer = config.signer(key);
            verifier = config.verifier(key.publicKeyHandle());
            signature = signer.sign(MESSAGE);
        }
    }

    /** AES-256-GCM over 16 KiB, fresh nonce per message. */
    @State(Scope.Thread)
    public static class Gcm {
        @Param({"SunJCE", "BC"})
        public String provider;

        Cipher cipher;
        SecretKeySpec key;
        byte[] plaintext = new byte[16 * 1024];
        byte[] nonce = new byte[12];
        long counter;

        @Setup
        public void setup() throws GeneralSecurityException {
            Provider p = provider.equals("BC") ? Providers.bouncyCastle() : Security.getProvider(provider);
            cipher = Cipher.getInstance("AES/GCM/NoPadding", p);
            byte[] k = new byte[32];
            new SecureRandom().nextBytes(k);
            key = new SecretKeySpec(k, "AES");
        }
    }

    @Benchmark
    public byte[] jcaSign(Jca s) throws GeneralSecurityException {
        s.signer.update(MESSAGE);
        return s.signer.sign();
    }

    @Benchmark
    public boolean jcaVerify(Jca s) throws GeneralSecurityException {
        s.verifier.update(MESSAGE);
        return s.verifier.verify(s.signature);
    }

    @Benchmark
    public byte[] apiSign(Api s) throws GeneralSecurityException {
        return s.signer.sign(MESSAGE);
    }

    @Benchmark
    public byte[] apiVerify(Api s) throws GeneralSecurityException {
        s.verifier.verify(s.signature, MESSAGE);
        return s.signature;
    }

    @Benchmark
    public byte[] aesGcmEncrypt16k(Gcm s) throws GeneralSecurityException {
        long n = ++s.counter;
        for (int i = 0; i < 8; i++) {
            s.nonce[4 + i] = (byte) (n >>> (8 * i));
        }
        s.cipher.init(Cipher.ENCRYPT_MODE, s.key, new GCMParameterSpec(128, s.nonce));
        return s.cipher.doFinal(s.plaintext);
    }
}
