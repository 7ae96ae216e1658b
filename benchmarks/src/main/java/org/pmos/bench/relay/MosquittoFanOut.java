package org.pmos.bench.relay;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import java.io.File;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.TrustManagerFactory;

/**
 * The reference: the same fan-out through Mosquitto (Debian's package), MQTT 5 QoS 1 with
 * persistence on and TLS 1.3 with client certificates from the same device CA. A group is a
 * topic; members subscribe with no-local so, as with the relay, the sender gets no copy.
 */
final class MosquittoFanOut {
    private MosquittoFanOut() {}

    static boolean available() {
        for (String p : List.of("/usr/sbin/mosquitto", "/usr/bin/mosquitto")) {
            if (new File(p).canExecute()) {
                return true;
            }
        }
        return false;
    }

    private static String binary() {
        return new File("/usr/sbin/mosquitto").canExecute() ? "/usr/sbin/mosquitto" : "/usr/bin/mosquitto";
    }

    static FanOutLoad.Result run(BenchPki pki, List<BenchPki.Device> devices, int groupSize, int rate, int warmup,
            int seconds, Path dir) throws Exception {
        Files.createDirectories(dir.resolve("persistence"));
        pki.writeMosquittoFiles(dir);
        Files.writeString(dir.resolve("ca.pem"), org.pmos.crypto.pki.Pem.encode(List.of(pki.deviceCa, pki.root)));
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Files.writeString(dir.resolve("mosquitto.conf"), String.join("\n",
                "user root",
                "per_listener_settings false",
                "allow_anonymous true",
                "persistence true",
                "persistence_location " + dir.resolve("persistence") + "/",
                "max_queued_messages 100000",
                "log_type error",
                "listener " + port + " 127.0.0.1",
                "cafile " + dir.resolve("ca.pem"),
                "certfile " + dir.resolve("server.pem"),
                "keyfile " + dir.resolve("server.key"),
                "require_certificate true",
                "use_identity_as_username true",
                "tls_version tlsv1.3",
                ""));
        Process broker = new ProcessBuilder(binary(), "-c", dir.resolve("mosquitto.conf").toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("mosquitto.log").toFile()).start();
        List<Mqtt5AsyncClient> clients = new ArrayList<>();
        try {
            awaitPort(port, broker, dir);
            KeyStore anchors = KeyStore.getInstance("PKCS12");
            anchors.load(null, null);
            anchors.setCertificateEntry("root", pki.root);
            TrustManagerFactory tmf = TrustManagerFactory.getInstance("PKIX");
            tmf.init(anchors);
            LatencyRecorder recorder = new LatencyRecorder(rate * (seconds + 2) * groupSize);
            AtomicLong failures = new AtomicLong();
            long t0 = System.nanoTime();
            List<CompletableFuture<?>> connecting = new ArrayList<>();
            for (int i = 0; i < devices.size(); i++) {
                BenchPki.Device d = devices.get(i);
                KeyStore ks = KeyStore.getInstance("PKCS12");
                ks.load(null, null);
                ks.setKeyEntry("device", d.keys().getPrivate(), new char[0], d.chain().toArray(Certificate[]::new));
                KeyManagerFactory kmf = KeyManagerFactory.getInstance("PKIX");
                kmf.init(ks, new char[0]);
                Mqtt5AsyncClient c = MqttClient.builder().useMqttVersion5().identifier(d.id())
                        .serverHost("localhost").serverPort(port)
                        .sslConfig().keyManagerFactory(kmf).trustManagerFactory(tmf).protocols(List.of("TLSv1.3"))
                        .applySslConfig()
                        .buildAsync();
                clients.add(c);
                String topic = "group/" + (i / groupSize);
                connecting.add(c.connectWith().cleanStart(true).sessionExpiryInterval(3600).send()
                        .thenCompose(ack -> c.subscribeWith().topicFilter(topic).qos(MqttQos.AT_LEAST_ONCE).noLocal(true)
                                .callback(p -> recorder.record(FanOutLoad.sentAt(p.getPayloadAsBytes())))
                                .send()));
                if (connecting.size() >= 50) { // bounded parallel handshakes
                    CompletableFuture.allOf(connecting.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
                    connecting.clear();
                }
            }
            CompletableFuture.allOf(connecting.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
            System.out.printf("mosquitto: %d TLS clients connected and subscribed in %.1f s%n", clients.size(),
                    (System.nanoTime() - t0) / 1e9);
            FanOutLoad.Result r = FanOutLoad.run("mosquitto 2.0 (MQTT 5 QoS 1, persistence)", clients.size(), rate,
                    warmup, seconds, (i, payload) -> clients.get(i).publishWith().topic("group/" + (i / groupSize))
                            .qos(MqttQos.AT_LEAST_ONCE).payload(payload).send().whenComplete((res, err) -> {
                                if (err != null) {
                                    failures.incrementAndGet();
                                }
                            }), recorder, failures, () -> processCpuSeconds(broker.pid()));
            System.out.println(r);
            return r;
        } finally {
            for (Mqtt5AsyncClient c : clients) {
                c.disconnect();
            }
            broker.destroy();
            broker.waitFor(10, TimeUnit.SECONDS);
            broker.destroyForcibly();
        }
    }

    /** utime + stime of a process, from /proc (clock ticks of 1/100 s on Linux). */
    static double processCpuSeconds(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return (Long.parseLong(f[11]) + Long.parseLong(f[12])) / 100.0;
        } catch (java.io.IOException | RuntimeException e) {
            return Double.NaN;
        }
    }

    private static void awaitPort(int port, Process broker, Path dir) throws Exception {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (System.nanoTime() < deadline) {
            if (!broker.isAlive()) {
                throw new IllegalStateException("mosquitto exited: " + Files.readString(dir.resolve("mosquitto.log")));
            }
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (java.io.IOException notYet) {
                broker.waitFor(50, TimeUnit.MILLISECONDS);
            }
        }
        throw new IllegalStateException("mosquitto did not open port " + port);
    }
}
