package org.pmos.bench.kernel;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.pmos.kernel.audit.AuditLog;
import org.pmos.kernel.cap.CapabilityTable;
import org.pmos.kernel.ipc.AppChannel;
import org.pmos.kernel.ipc.Caller;
import org.pmos.kernel.ipc.ServiceBroker;
import org.pmos.kernel.mac.MacPolicy;
import org.pmos.kernel.mac.MacPolicyCompiler;
import org.pmos.kernel.mac.ReferenceMonitor;
import org.pmos.kernel.sdk.KernelConnection;
import org.pmos.kernel.sdk.proto.Reply;
import org.pmos.kernel.services.Display;
import org.pmos.kernel.services.ScreenService;

/**
 * IPC round trips app → service: the app SDK's {@link KernelConnection} over a Unix domain
 * socket to the kernel's {@link AppChannel}, each call a protobuf transaction checked by the
 * broker (capability, rights, reference monitor, permission) and answered by the screen
 * service. Client and kernel are two threads of one JVM here; in the handset the client is
 * the app's own JVM, which adds no work per call but the same socket hop.
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar IpcRoundTripBenchmark}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class IpcRoundTripBenchmark {
    private Path dir;
    private AuditLog audit;
    private ServerSocketChannel server;
    private Thread kernel;
    private KernelConnection app;
    private final byte[] text = "0123456789abcdef".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        dir = Files.createTempDirectory("pmos-ipc-bench-");
        audit = AuditLog.open(dir.resolve("audit.log"), Clock.systemUTC());
        ReferenceMonitor rm = new ReferenceMonitor(
                MacPolicy.load(MacPolicyCompiler.compile(MacPolicyCompiler.defaultPolicyText()).toByteArray()), audit, true);
        ServiceBroker broker = new ServiceBroker(rm, audit, List.of(new ScreenService(new Display())));
        Caller caller = new Caller("gov.police.bench", "gov_app", Set.of());
        CapabilityTable table = new CapabilityTable();
        Map<String, Integer> handles = broker.grantAppCapabilities(table);
        Path socket = dir.resolve("app.sock");
        server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(socket));
        kernel = new Thread(() -> {
            try (SocketChannel ch = server.accept()) {
                new AppChannel(caller, table, broker).serve(ch, handles);
            } catch (IOException e) {
                // closed at tear-down
            }
        });
        kernel.start();
        app = KernelConnection.connect(socket);
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        app.close();
        kernel.join(10_000);
        server.close();
        audit.close();
        try (var s = Files.walk(dir)) {
            for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    @Benchmark
    public Reply screenShowRoundTrip() throws Exception {
        return app.call("screen", "show", List.of(), text);
    }
}
