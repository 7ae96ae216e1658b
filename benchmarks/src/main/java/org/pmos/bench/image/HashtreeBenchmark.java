package org.pmos.bench.image;

import java.io.IOException;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.pmos.image.io.BlockSource;
import org.pmos.image.verity.HashtreeBuilder;

/**
 * JMH: dm-verity hash tree over 256 MiB in memory, 1 vs 2 worker threads (no I/O; see
 * {@link HashtreeBench} for the side-by-side run with veritysetup and openssl on a file).
 * Run: {@code java -jar benchmarks/target/benchmarks.jar HashtreeBenchmark}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2)
@Measurement(iterations = 5)
@Fork(1)
public class HashtreeBenchmark {
    @Param({"1", "2"})
    public int threads;

    private byte[] data;
    private final byte[] salt = new byte[32];

    @Setup
    public void setUp() {
        data = new byte[256 << 20];
        SplittableRandom r = new SplittableRandom(1);
        for (int i = 0; i < data.length; i += 8) {
            long v = r.nextLong();
            for (int j = 0; j < 8; j++) {
                data[i + j] = (byte) (v >>> (8 * j));
            }
        }
    }

    @Benchmark
    public byte[] hashtree256MiB() throws IOException {
        return new HashtreeBuilder("sha256", 4096, threads).build(BlockSource.of(data), salt).rootDigest();
    }
}
