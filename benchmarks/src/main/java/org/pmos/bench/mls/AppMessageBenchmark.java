package org.pmos.bench.mls;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.pmos.chat.mls.group.Group;
import org.pmos.chat.mls.group.ProcessedMessage;
import org.pmos.chat.mls.messages.MlsMessage;

/** One 200-byte application message: encrypt, encode, decode, decrypt and verify, on one thread. */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(1)
public class AppMessageBenchmark {
    private Group alice;
    private Group bob;
    private final byte[] payload = new byte[200];
    private final byte[] aad = new byte[0];

    @Setup
    public void setup() throws Exception {
        Group[] g = MlsGroups.group(2);
        alice = g[0];
        bob = g[1];
    }

    @Benchmark
    public byte[] encryptDecrypt200Bytes() throws Exception {
        byte[] wire = alice.encrypt(payload, aad).toBytes();
        return ((ProcessedMessage.Application) bob.process(MlsMessage.decode(wire))).data();
    }
}
