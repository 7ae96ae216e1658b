package org.pmos.bench.kernel;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;
import org.pmos.image.VerifyResult;
import org.pmos.image.io.BlockSource;
import org.pmos.image.vbmeta.HashtreeDescriptor;
import org.pmos.image.verity.Hashtree;
import org.pmos.image.verity.HashtreeBuilder;
import org.pmos.image.verity.VerityTree;
import org.pmos.kernel.verity.VerifiedBlockDevice;
import org.pmos.kernel.verity.VerityCacheSize;

/**
 * Reads of a system partition (default 512 MiB of data plus its hash tree, in the page cache)
 * through the kernel's dm-verity reader against plain positional reads of the same file.
 * {@code cacheMiB} is the reader's cache of verified blocks: 0 = every block hashed on every
 * read (the first read); -1 = the kernel's default ({@link VerityCacheSize} with no
 * {@code pmos.verity_cache=} on the command line: the whole partition, at most a quarter of the
 * heap), so after the first read (the warm-up) blocks are served verified from memory, the part
 * Linux's page cache plays above dm-verity. Sequential: the whole
 * partition in 128 KiB reads per invocation. Random: 4 KiB reads at random block offsets.
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar VerityReadBenchmark -f 1 -wi 2 -w 2s -i 5 -r 2s};
 * {@link VerityReadCpu} measures the sequential passes in CPU time (fairer on a loaded machine).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2)
@Measurement(iterations = 5)
@Fork(value = 1, jvmArgsAppend = "-Xmx2g")
public class VerityReadBenchmark {
    private static final int BLOCK = 4096;
    private static final int SEQ_CHUNK = 128 * 1024;
    private static final int RANDOM_READS = 4096;

    @Param({"512"})
    public int partitionMiB;

    @Param({"0", "-1"})
    public int cacheMiB;

    @Param({""})
    public String dir;

    private Path file;
    private FileChannel channel;
    private BlockSource plain;
    private VerifiedBlockDevice verity;
    private long dataSize;
    private final byte[] seqBuf = new byte[SEQ_CHUNK];
    private final byte[] blockBuf = new byte[BLOCK];
    private final SplittableRandom random = new SplittableRandom(42);

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        Path base = Path.of(dir.isEmpty() ? System.getProperty("java.io.tmpdir") : dir);
        file = Files.createTempFile(base, "pmos-verity-bench-", ".img");
        dataSize = (long) partitionMiB << 20;
        try (FileChannel out = FileChannel.open(file, StandardOpenOption.WRITE)) {
            SplittableRandom r = new SplittableRandom(7);
            ByteBuffer chunk = ByteBuffer.allocate(1 << 20);
            for (long written = 0; written < dataSize; written += chunk.capacity()) {
                chunk.clear();
                while (chunk.hasRemaining()) {
                    chunk.putLong(r.nextLong());
                }
                chunk.flip();
                while (chunk.hasRemaining()) {
                    out.write(chunk);
                }
            }
        }
        channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
        BlockSource data = BlockSource.of(channel, dataSize);
        Hashtree tree = new HashtreeBuilder("sha256", BLOCK, Runtime.getRuntime().availableProcessors()).build(data, new byte[] {1, 2, 3, 4});
        channel.write(ByteBuffer.wrap(tree.tree()), dataSize);
        HashtreeDescriptor d = new HashtreeDescriptor(1, dataSize, dataSize, tree.treeSize(), BLOCK, BLOCK, 0, 0, 0, "sha256",
                "system", tree.salt(), tree.rootDigest(), 0);
        VerifyResult<VerityTree> opened = VerityTree.open(d, tree.tree());
        VerityTree vt = ((VerifyResult.Ok<VerityTree>) opened).value();
        plain = BlockSource.of(channel, dataSize);
        int cacheBlocks = cacheMiB < 0 ? VerityCacheSize.blocks("", dataSize, BLOCK, Runtime.getRuntime().maxMemory())
                : (int) (((long) cacheMiB << 20) / BLOCK);
        verity = new VerifiedBlockDevice(BlockSource.of(channel, channel.size()), vt, cacheBlocks,
                (p, b, why) -> {
                    throw new IllegalStateException("corrupt block " + b);
                });
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        channel.close();
        Files.deleteIfExists(file);
    }

    /** One sequential pass without JMH ({@link VerityReadCpu}); returns a checksum to keep. */
    long pass(boolean verified) throws IOException {
        long sum = 0;
        BlockSource src = verified ? verity : plain;
        for (long p = 0; p < dataSize; p += SEQ_CHUNK) {
            src.read(p, seqBuf, 0, SEQ_CHUNK);
            sum += seqBuf[0];
        }
        return sum;
    }

    private void randomReads(BlockSource src, Blackhole bh) throws IOException {
        long blocks = dataSize / BLOCK;
        for (int i = 0; i < RANDOM_READS; i++) {
            src.read(random.nextLong(blocks) * BLOCK, blockBuf, 0, BLOCK);
            bh.consume(blockBuf[0]);
        }
    }

    /** The whole partition, sequentially, plain. */
    @Benchmark
    public void sequentialPlain(Blackhole bh) throws IOException {
        bh.consume(pass(false));
    }

    /** The whole partition, sequentially, through verity. */
    @Benchmark
    public void sequentialVerity(Blackhole bh) throws IOException {
        bh.consume(pass(true));
    }

    @Benchmark
    @OperationsPerInvocation(RANDOM_READS)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public void random4kPlain(Blackhole bh) throws IOException {
        randomReads(plain, bh);
    }

    @Benchmark
    @OperationsPerInvocation(RANDOM_READS)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public void random4kVerity(Blackhole bh) throws IOException {
        randomReads(verity, bh);
    }
}
