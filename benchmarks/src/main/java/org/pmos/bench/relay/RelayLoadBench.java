package org.pmos.bench.relay;

import com.google.protobuf.ByteString;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.pmos.chat.client.RelayClient;
import org.pmos.chat.client.SoftwareDeviceKey;
import org.pmos.chat.protocol.Kind;
import org.pmos.chat.protocol.Status;
import org.pmos.chat.protocol.SubmitCommit;
import org.pmos.chat.relay.RelayServer;
import org.pmos.chat.relay.store.RocksDbRelayStore;
import org.pmos.crypto.pki.Pem;

/**
 * Load benchmark of the police-chat relay against Mosquitto: 1,000 TLS clients in 100 groups
 * of 10, 200-byte messages fanned out to the 9 other members, at a fixed offered rate;
 * delivered messages per second and p50/p99 latency. The relay acknowledges a message only
 * once it is synced to disk (RocksDB WAL); Mosquitto runs MQTT 5 QoS 1 with persistence and
 * TLS 1.3 with client certificates, in the same run, with the same clients and payloads.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar org.pmos.bench.relay.RelayLoadBench \
 *     [--clients 1000] [--group-size 10] [--rates 500,2000,4000] [--warmup 3] [--seconds 10] [--no-mosquitto true]
 * </pre>
 * The payloads are opaque bytes: MLS costs are measured by the MLS benchmarks.
 */
public final class RelayLoadBench {
    private RelayLoadBench() {}

    public static void main(String[] args) throws Exception {
        int clients = 1000;
        int groupSize = 10;
        List<Integer> rates = List.of(500, 2000, 4000);
        int warmup = 3;
        int seconds = 10;
        boolean mosquitto = true;
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--clients" -> clients = Integer.parseInt(args[i + 1]);
                case "--group-size" -> groupSize = Integer.parseInt(args[i + 1]);
                case "--rates" -> rates = java.util.Arrays.stream(args[i + 1].split(",")).map(Integer::valueOf).toList();
                case "--warmup" -> warmup = Integer.parseInt(args[i + 1]);
                case "--seconds" -> seconds = Integer.parseInt(args[i + 1]);
                case "--no-mosquitto" -> mosquitto = !Boolean.parseBoolean(args[i + 1]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        long t0 = System.nanoTime();
        BenchPki pki = new BenchPki();
        List<BenchPki.Device> devices = new ArrayList<>();
        for (int i = 0; i < clients; i++) {
            devices.add(pki.device("BENCH-" + i));
        }
        System.out.printf("PKI and %d device certificates: %.1f s%n", clients, (System.nanoTime() - t0) / 1e9);
        Path work = Files.createTempDirectory("relay-bench");
        List<FanOutLoad.Result> results = new ArrayList<>();
        for (int rate : rates) {
            results.add(runRelay(pki, devices, groupSize, rate, warmup, seconds, work.resolve("relay-" + rate)));
            if (!mosquitto) {
                continue;
            }
            if (MosquittoFanOut.available()) {
                results.add(MosquittoFanOut.run(pki, devices, groupSize, rate, warmup, seconds,
                        work.resolve("mosquitto-" + rate)));
            } else {
                System.out.println("mosquitto not found (apt-get install mosquitto): reference run skipped");
            }
        }
        System.out.println();
        System.out.println("| system | offered msgs/s | delivered msgs/s | p50 ms | p99 ms | send failures | server CPU s |");
        System.out.println("|---|---:|---:|---:|---:|---:|---:|");
        for (FanOutLoad.Result r : results) {
            System.out.printf("| %s | %.0f | %.0f | %.1f | %.1f | %d | %.1f |%n", r.system(), r.offeredPerSecond(),
                    r.deliveredPerSecond(), r.p50Millis(), r.p99Millis(), r.sendFailures(), r.serverCpuSeconds());
        }
        deleteTree(work);
        System.exit(0); // the MQTT client library keeps non-daemon threads
    }

    static FanOutLoad.Result runRelay(BenchPki pki, List<BenchPki.Device> devices, int groupSize, int rate, int warmup,
            int seconds, Path dir) throws Exception {
        Files.createDirectories(dir);
        Path crl = dir.resolve("device-ca.crl.pem");
        Files.writeString(crl, Pem.encode(pki.deviceCrl));
        RelayServer server = RelayServer.start(new RelayServer.Config(new InetSocketAddress("127.0.0.1", 0),
                pki.serverKeys.getPrivate(), pki.serverChain, pki.deviceCa, crl.toUri(), Duration.ofMinutes(5),
                RocksDbRelayStore.open(dir.resolve("store")), Clock.systemUTC()));
        EventLoopGroup loop = new NioEventLoopGroup(2);
        LatencyRecorder recorder = new LatencyRecorder(rate * (seconds + 2) * groupSize);
        AtomicLong welcomes = new AtomicLong();
        AtomicLong failures = new AtomicLong();
        int n = devices.size();
        RelayClient[] clients = new RelayClient[n];
        ExecutorService connectors = Executors.newFixedThreadPool(8);
        try {
            long t0 = System.nanoTime();
            List<Future<?>> connecting = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                int idx = i;
                connecting.add(connectors.submit(() -> {
                    BenchPki.Device d = devices.get(idx);
                    RelayClient[] self = new RelayClient[1];
                    self[0] = RelayClient.connect("localhost", server.port(),
                            new SoftwareDeviceKey(d.keys().getPrivate(), d.chain()), List.of(pki.root), delivery -> {
                                if (delivery.getKind() == Kind.APPLICATION) {
                                    recorder.record(FanOutLoad.sentAt(delivery.getPayload().toByteArray()));
                                } else if (delivery.getKind() == Kind.WELCOME) {
                                    welcomes.incrementAndGet();
                                }
                                self[0].ack(delivery.getSeq());
                            }, loop);
                    clients[idx] = self[0];
                    return null;
                }));
            }
            for (Future<?> f : connecting) {
                f.get();
            }
            System.out.printf("relay: %d TLS clients connected in %.1f s%n", n, (System.nanoTime() - t0) / 1e9);
            for (int g = 0; g * groupSize < n; g++) {
                RelayClient owner = clients[g * groupSize];
                byte[] gid = ("group-" + g).getBytes(java.nio.charset.StandardCharsets.UTF_8);
                require(owner.createGroup(gid).get().getStatus());
                SubmitCommit.Builder c = SubmitCommit.newBuilder().setGroupId(ByteString.copyFrom(gid)).setEpoch(0)
                        .setCommit(ByteString.copyFromUtf8("add members")).setWelcome(ByteString.copyFromUtf8("welcome"));
                for (int m = g * groupSize; m < Math.min(n, (g + 1) * groupSize); m++) {
                    c.addMembers(devices.get(m).id());
                    if (m != g * groupSize) {
                        c.addWelcomeRecipients(devices.get(m).id());
                    }
                }
                require(owner.submitCommit(c.build()).get().getStatus());
            }
            long expected = n - (n + groupSize - 1) / groupSize;
            long deadline = System.nanoTime() + 60_000_000_000L;
            while (welcomes.get() < expected && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            FanOutLoad.Result r = FanOutLoad.run("relay (RocksDB, sync)", n, rate, warmup, seconds, (i, payload) -> {
                byte[] gid = ("group-" + (i / groupSize)).getBytes(java.nio.charset.StandardCharsets.UTF_8);
                clients[i].sendMessage(gid, 1, payload).whenComplete((res, err) -> {
                    if (err != null || res.getStatus() != Status.OK) {
                        failures.incrementAndGet();
                    }
                });
            }, recorder, failures, RelayLoadBench::relayCpuSeconds);
            System.out.println(r);
            return r;
        } finally {
            connectors.shutdownNow();
            for (RelayClient c : clients) {
                if (c != null) {
                    c.close();
                }
            }
            loop.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
            server.close();
        }
    }

    /** CPU time of the relay's own threads (event loops, sequencer, writer), not of the load clients. */
    static double relayCpuSeconds() {
        java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
        long nanos = 0;
        for (java.lang.management.ThreadInfo t : mx.getThreadInfo(mx.getAllThreadIds())) {
            if (t != null && t.getThreadName().startsWith("relay-")) {
                nanos += Math.max(0, mx.getThreadCpuTime(t.getThreadId()));
            }
        }
        return nanos / 1e9;
    }

    private static void require(Status s) {
        if (s != Status.OK) {
            throw new IllegalStateException("relay refused the set-up: " + s);
        }
    }

    static void deleteTree(Path dir) {
        try (var s = Files.walk(dir)) {
            s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (java.io.IOException e) {
            System.err.println("could not delete " + dir + ": " + e.getMessage());
        }
    }
}
