package gov.police.probe;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.pmos.kernel.sdk.AppContext;
import org.pmos.kernel.sdk.PmosApp;
import org.pmos.kernel.sdk.ServiceException;

/**
 * The probe app (compiled against the app SDK only, run by the kernel in a child JVM): reads commands from
 * its input and shows each result on its screen, so tests drive it as a user would.
 * <pre>
 * call SERVICE METHOD [ARG...] [=DATA]   -> "ok DATA" | "error STATUS"
 * handle N METHOD                        -> the same, on a raw handle number
 * file PATH                              -> "ok CONTENT" | "error IO" (direct file read, no kernel)
 * connect HOST PORT                      -> "ok connected" | "error IO" (direct socket, no kernel)
 * echo TEXT                              -> "heard TEXT"
 * exit
 * </pre>
 */
public final class ProbeApp implements PmosApp {
    @Override
    public void run(AppContext ctx) throws Exception {
        AppContext.Screen screen = ctx.screen();
        screen.show("ready " + ctx.packageName() + " " + ctx.kernel().domain());
        while (true) {
            String line = screen.nextInput();
            List<String> words = Arrays.asList(line.split(" "));
            try {
                switch (words.get(0)) {
                    case "echo" -> screen.show("heard " + line.substring(Math.min(line.length(), 5)));
                    case "exit" -> {
                        return;
                    }
                    case "call" -> {
                        byte[] data = new byte[0];
                        List<String> args = words.subList(3, words.size());
                        if (!args.isEmpty() && args.get(args.size() - 1).startsWith("=")) {
                            data = args.get(args.size() - 1).substring(1).getBytes(StandardCharsets.UTF_8);
                            args = args.subList(0, args.size() - 1);
                        }
                        var r = ctx.kernel().call(words.get(1), words.get(2), args, data);
                        screen.show("ok " + r.getData().toStringUtf8());
                    }
                    case "handle" -> {
                        var r = ctx.kernel().callHandle(Integer.parseInt(words.get(1)), words.get(2), List.of(), new byte[0]);
                        screen.show("ok " + r.getData().toStringUtf8());
                    }
                    case "file" -> {
                        try {
                            screen.show("ok " + Files.readString(Path.of(words.get(1))));
                        } catch (java.io.IOException e) {
                            screen.show("error IO");
                        }
                    }
                    case "connect" -> {
                        try (java.net.Socket sock = new java.net.Socket()) {
                            sock.connect(new java.net.InetSocketAddress(words.get(1), Integer.parseInt(words.get(2))), 5000);
                            screen.show("ok connected");
                        } catch (java.io.IOException e) {
                            screen.show("error IO");
                        }
                    }
                    default -> screen.show("error UNKNOWN_COMMAND");
                }
            } catch (ServiceException e) {
                screen.show("error " + e.status());
            }
        }
    }
}
