package org.pmos.app.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import org.junit.jupiter.api.BeforeAll;
import org.pmos.app.pkg.AndroidManifestXml;
import org.pmos.app.pkg.AppManifests;
import org.pmos.app.pkg.ManifestException;
import org.pmos.app.policy.InstalledPolicy;
import org.pmos.app.policy.PolicyBundles;
import org.pmos.app.testing.AppFixture;

/**
 * Hostile bytes into the parsers: each may refuse with its own checked error, never with
 * anything else. In the test run Jazzer replays the seed corpus
 * ({@code src/test/resources/org/pmos/app/fuzz/ParserFuzzTestInputs/}); fuzz for real with
 * {@code JAZZER_FUZZ=1 scripts/mvn -pl app-policy test -Dtest=ParserFuzzTest}.
 */
class ParserFuzzTest {
    static AppFixture f;

    @BeforeAll
    static void fixture() throws Exception {
        f = new AppFixture();
    }

    @FuzzTest(maxDuration = "60s")
    void appManifest(byte[] data) {
        try {
            AppManifests.parse(data);
        } catch (ManifestException expected) {
            // refused with a reason: fine
        }
    }

    @FuzzTest(maxDuration = "60s")
    void androidManifest(byte[] data) {
        try {
            AndroidManifestXml.parse(data);
        } catch (ManifestException expected) {
            // refused with a reason: fine
        }
    }

    @FuzzTest(maxDuration = "60s")
    void policyBundle(byte[] data) {
        // Never throws: every failure is an Invalid verdict.
        PolicyBundles.verify(data, f.anchors, InstalledPolicy.NONE);
    }
}
