package org.pmos.kernel.hw;

import com.code_intelligence.jazzer.junit.FuzzTest;

/** The secure storage record parser on arbitrary (already authenticated) bytes: a state or a reason. */
class SecureStorageFuzzTest {
    @FuzzTest(maxDuration = "10s")
    void decode(byte[] body) {
        try {
            SecureStorage.Record r = SecureStorage.decode(body);
            if (!java.util.Arrays.equals(SecureStorage.encode(r.writeCounter(), r.state()), body)) {
                throw new AssertionError("decode accepted a non-canonical record");
            }
        } catch (SecureStorageException expected) {
            // refused with a reason
        }
    }
}
