package org.pmos.crypto.internal;

import java.security.Provider;
import java.security.Security;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.pmos.crypto.suite.AlgorithmSuite;

/**
 * Which JCA provider runs each suite, pinned by measurement (docs/PERFORMANCE.md, section
 * crypto-services), never left to provider order. Bouncy Castle is used as an instance, not
 * installed globally, so nothing here changes other code's provider lookups.
 */
public final class Providers {
    private static final Provider BC = new BouncyCastleProvider();

    private Providers() {}

    /** The Bouncy Castle provider instance this module uses. */
    public static Provider bouncyCastle() {
        return BC;
    }

    /** The provider pinned for {@code suite}. */
    public static Provider forSuite(AlgorithmSuite suite) {
        return switch (suite) {
            // The JDK's AES-GCM uses AES-NI and CLMUL intrinsics: ~20x Bouncy Castle's pure Java.
            case AES_256_GCM -> jdk("SunJCE");
            // Bouncy Castle's Ed25519 is far faster than SunEC's in JDK 17 (SignVerifyBenchmark).
            case ED25519 -> BC;
            // P-256: Bouncy Castle signs ~4x and verifies ~10x faster than SunEC in JDK 17
            // (SignVerifyBenchmark); ECDH uses the same curve code. X25519 follows Ed25519.
            case ECDSA_P256_SHA256, ECDH_P256, X25519 -> BC;
            case SHA256 -> jdk("SUN");
            // Only Bouncy Castle implements the GM/T algorithms.
            case SM2_SM3, SM4_GCM, SM3, HKDF_SHA256, HKDF_SM3 -> BC;
        };
    }

    private static Provider jdk(String name) {
        Provider p = Security.getProvider(name);
        if (p == null) {
            throw new IllegalStateException("JDK provider " + name + " is missing");
        }
        return p;
    }
}
