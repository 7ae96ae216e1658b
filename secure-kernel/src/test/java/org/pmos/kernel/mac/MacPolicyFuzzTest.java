package org.pmos.kernel.mac;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;

/** Hostile policy text and binary policies: compiled/loaded or refused with a reason, never another exception. */
class MacPolicyFuzzTest {
    @FuzzTest(maxDuration = "10s")
    void compile(byte[] text) {
        try {
            MacPolicy.load(MacPolicyCompiler.compile(new String(text, StandardCharsets.UTF_8)).toByteArray());
        } catch (PolicyCompileException | InvalidPolicyException expected) {
            // refused with a line and a reason
        }
    }

    @FuzzTest(maxDuration = "10s")
    void load(byte[] bin) {
        try {
            MacPolicy p = MacPolicy.load(bin);
            p.lookup("gov_app", "storage_service", "service", "call");
        } catch (InvalidPolicyException expected) {
            // refused with a reason
        }
    }
}
