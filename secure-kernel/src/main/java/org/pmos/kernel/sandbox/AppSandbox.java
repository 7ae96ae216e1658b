package org.pmos.kernel.sandbox;

import java.io.File;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.URISyntaxException;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.pmos.kernel.cap.CapabilityTable;
import org.pmos.kernel.ipc.AppChannel;
import org.pmos.kernel.ipc.ServiceBroker;
import org.pmos.kernel.sdk.AppRuntime;

/**
 * Starts each app in its own child JVM: class path = the verified {@code app.jar} plus the app
 * SDK (and protobuf, which the SDK needs), an empty environment, the app's data folder as
 * working directory, and a Unix domain socket to the kernel as its only channel. Where the
 * machine allows it the process also gets its own user and network namespace ({@link Isolation}).
 */
public final class AppSandbox {
    private final ServiceBroker broker;
    private final Isolation isolation;
    private final Consumer<String> console;

    public AppSandbox(ServiceBroker broker, Isolation isolation, Consumer<String> console) {
        this.broker = broker;
        this.isolation = isolation;
        this.console = console;
    }

    public Isolation isolation() {
        return isolation;
    }

    public RunningApp launch(LaunchSpec spec) throws IOException {
        Files.createDirectories(spec.runDir());
        Files.createDirectories(spec.dataDir());
        Path socket = spec.runDir().resolve("app.sock");
        Files.deleteIfExists(socket);
        ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(socket));
        List<String> cmd = new ArrayList<>(isolation.prefix());
        cmd.addAll(List.of(javaBinary(), "-Xmx64m", "-XX:TieredStopAtLevel=1", "-Xshare:auto",
                "-cp", String.join(File.pathSeparator, spec.appJar().toString(), codeSource(AppRuntime.class),
                        codeSource(com.google.protobuf.Message.class)),
                AppRuntime.class.getName(), socket.toString(), spec.mainClass()));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(spec.dataDir().toFile())
                .redirectErrorStream(true).redirectOutput(spec.runDir().resolve("process.log").toFile());
        pb.environment().clear();
        Process process;
        try {
            process = pb.start();
        } catch (IOException e) {
            server.close();
            throw e;
        }
        String pkg = spec.caller().packageName();
        console.accept("sandbox: " + pkg + " started as pid " + process.pid() + " in " + spec.caller().domain()
                + " (" + isolation.description() + ")");
        CapabilityTable table = new CapabilityTable();
        Map<String, Integer> handles = broker.grantAppCapabilities(table);
        Thread serving = new Thread(() -> serve(server, spec, table, handles), "app-" + pkg);
        serving.setDaemon(true);
        serving.start();
        // A process that dies before connecting must not leave the accept waiting for ever.
        process.onExit().thenRun(() -> closeQuietly(server));
        return new RunningApp(pkg, process, server, serving, table);
    }

    private void serve(ServerSocketChannel server, LaunchSpec spec, CapabilityTable table, Map<String, Integer> handles) {
        try (SocketChannel ch = server.accept()) {
            server.close(); // one connection per app: nobody else can connect to its socket afterwards
            new AppChannel(spec.caller(), table, broker).serve(ch, handles);
        } catch (IOException e) {
            // The app went away or sent garbage: its channel ends, the kernel goes on.
        } finally {
            table.revokeAll();
            closeQuietly(server);
        }
    }

    private static void closeQuietly(ServerSocketChannel s) {
        try {
            s.close();
        } catch (IOException e) {
            // already closed
        }
    }

    private static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static String codeSource(Class<?> c) {
        try {
            return Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
