package org.pmos.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.pmos.kernel.control.HandsetControl;
import org.pmos.kernel.control.InputRefusedException;
import org.pmos.kernel.control.ScreenSnapshot;
import org.pmos.kernel.handset.HandsetStatus;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code pmos handset screen} and {@code pmos handset input}: the running handset's control endpoint. */
final class HandsetScreenCommands {
    private HandsetScreenCommands() {}

    static HandsetControl connect(Path state, String serial) throws InterruptedException {
        HandsetStatus s;
        try {
            s = HandsetCommand.registry(state).status(serial);
        } catch (IOException | IllegalArgumentException e) {
            throw new Refused(e.getMessage(), e);
        }
        if (s.controlPort() == null) {
            throw new Refused("handset " + serial + " is not running (pmos handset start " + serial + ")");
        }
        try {
            return HandsetControl.connect(s.controlPort());
        } catch (IOException e) {
            throw new Refused("handset " + serial + " does not answer on its control port " + s.controlPort() + ": "
                    + e.getMessage(), e);
        }
    }

    @Command(name = "screen", mixinStandardHelpOptions = true,
            description = "What the running handset's screen shows: boot state and key, enrollment, the foreground app's "
                    + "lines. The same screen is a web page at http://127.0.0.1:PORT/ (PORT: controlPort in status --json).")
    static final class Screen implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Parameters(paramLabel = "SERIAL") String serial;
        @Option(names = "--json", description = "Print the screen as JSON (one document per line with --follow).") boolean json;
        @Option(names = "--follow", description = "Keep printing the screen at every change until interrupted.") boolean follow;
        @Option(names = "--state", paramLabel = "DIR") Path state;

        @Override
        public Integer call() throws Exception {
            HandsetControl control = connect(state, serial);
            PrintWriter o = spec.commandLine().getOut();
            if (!follow) {
                print(o, control.screen());
                return 0;
            }
            try {
                control.follow(s -> print(o, s));
            } catch (IOException e) {
                throw new Refused("handset " + serial + ": " + e.getMessage(), e);
            }
            return 0;
        }

        private void print(PrintWriter o, ScreenSnapshot s) {
            if (json) {
                o.println(s.toJson());
            } else {
                o.print(s.toText());
                if (follow) {
                    o.println();
                }
            }
            o.flush();
        }
    }

    @Command(name = "input", mixinStandardHelpOptions = true,
            description = "Type a line for the running handset's foreground app (without TEXT, or with -, each line of stdin).")
    static final class Input implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Parameters(index = "0", paramLabel = "SERIAL") String serial;
        @Parameters(index = "1", paramLabel = "TEXT", arity = "0..1") String text;
        @Option(names = "--state", paramLabel = "DIR") Path state;

        @Override
        public Integer call() throws Exception {
            HandsetControl control = connect(state, serial);
            if (text != null && !text.equals("-")) {
                type(control, serial, text);
                return 0;
            }
            BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                type(control, serial, line);
            }
            return 0;
        }
    }

    /** Types {@code line} on the handset; a refusal is one clear line. */
    static void type(HandsetControl control, String serial, String line) throws IOException, InterruptedException {
        try {
            control.input(line);
        } catch (InputRefusedException e) {
            throw new Refused("handset " + serial + " did not take the input: " + e.result(), e);
        } catch (IllegalArgumentException e) {
            throw new Refused(e.getMessage(), e);
        }
    }
}
