package org.pmos.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.pmos.kernel.control.HandsetControl;
import org.pmos.kernel.control.ScreenSnapshot;
import org.pmos.kernel.control.ScreenTimeoutException;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code pmos chat --handset SERIAL ...}: what an officer does on the handset, typed into the
 * police-chat app through the handset's input channel, with the answer read from its screen
 * (the control endpoint of {@code pmos handset input|screen}). The app does the work: MLS,
 * the relay, its encrypted storage; this command only types and reads.
 */
@Command(name = "chat", mixinStandardHelpOptions = true,
        description = "Use the police-chat app of a running handset: send, read, groups.",
        subcommands = {ChatCommand.Send.class, ChatCommand.Read.class, ChatCommand.Group.class, ChatCommand.Directory.class})
final class ChatCommand {
    static final Duration ANSWER_WAIT = Duration.ofSeconds(60);

    @Option(names = "--handset", required = true, paramLabel = "SERIAL", description = "The handset whose app to use.")
    String serial;

    @Option(names = "--state", paramLabel = "DIR", description = "Where the handsets live (default: $PMOS_HOME/handsets).")
    Path state;

    /** Types {@code line} and prints the app's answer ({@code ok: ...}); an {@code error: ...} fails the command. */
    int ask(PrintWriter out, String line) throws IOException, InterruptedException {
        HandsetControl control = HandsetScreenCommands.connect(state, serial);
        long mark = control.screen().appEnd();
        type(control, line);
        String answer;
        try {
            answer = control.awaitLine(mark, l -> l.startsWith("ok: ") || l.startsWith("error: "), ANSWER_WAIT);
        } catch (ScreenTimeoutException e) {
            throw new Refused("handset " + serial + ": no answer from the chat app within " + ANSWER_WAIT.toSeconds() + " s", e);
        }
        if (answer.startsWith("error: ")) {
            throw new Refused("handset " + serial + ": " + answer.substring(7));
        }
        out.println(answer.substring(4));
        return 0;
    }

    private void type(HandsetControl control, String line) throws IOException, InterruptedException {
        HandsetScreenCommands.type(control, serial, line);
    }

    /** The app's text: a quoted argument so that the whole message stays one piece. */
    static String quoted(List<String> words) {
        return "\"" + String.join(" ", words) + "\"";
    }

    @Command(name = "send", mixinStandardHelpOptions = true, description = "Send a message to an officer or a group.")
    static final class Send implements Callable<Integer> {
        @ParentCommand ChatCommand chat;
        @Spec CommandSpec spec;

        static final class Target {
            @Option(names = "--to", paramLabel = "OFFICER", description = "1:1 with this officer.") String officer;
            @Option(names = "--group", paramLabel = "NAME", description = "To this group.") String group;
        }

        @ArgGroup(exclusive = true, multiplicity = "1") Target target;
        @Parameters(paramLabel = "TEXT", arity = "1..*") List<String> text;

        @Override
        public Integer call() throws Exception {
            String to = target.officer != null ? "--to " + target.officer : "--group " + target.group;
            return chat.ask(spec.commandLine().getOut(), "send " + to + " " + quoted(text));
        }
    }

    @Command(name = "read", mixinStandardHelpOptions = true, description = "Print the conversations as the handset shows them.")
    static final class Read implements Callable<Integer> {
        @ParentCommand ChatCommand chat;
        @Spec CommandSpec spec;
        @Parameters(paramLabel = "NAME", arity = "0..1", description = "Only this group (or @OFFICER).") String name;

        @Override
        public Integer call() throws Exception {
            HandsetControl control = HandsetScreenCommands.connect(chat.state, chat.serial);
            long mark = control.screen().appEnd();
            chat.type(control, name == null ? "read" : "read " + name);
            try {
                control.awaitLine(mark, l -> l.equals("== end ==") || l.startsWith("error: "), ANSWER_WAIT);
            } catch (ScreenTimeoutException e) {
                throw new Refused("handset " + chat.serial + ": no answer from the chat app", e);
            }
            ScreenSnapshot s = control.screen();
            List<String> lines = new ArrayList<>();
            boolean reading = false;
            for (String l : s.app() == null ? List.<String>of() : s.app().linesFrom(mark)) {
                reading |= l.startsWith("== ") || l.startsWith("error: ");
                if (reading) {
                    lines.add(l);
                }
                if (l.equals("== end ==") || l.startsWith("error: ")) {
                    break;
                }
            }
            PrintWriter out = spec.commandLine().getOut();
            lines.stream().filter(l -> !l.equals("== end ==")).forEach(out::println);
            return lines.stream().anyMatch(l -> l.startsWith("error: ")) ? 1 : 0;
        }
    }

    @Command(name = "group", mixinStandardHelpOptions = true, description = "Create a group, add or remove officers.")
    static final class Group implements Callable<Integer> {
        @ParentCommand ChatCommand chat;
        @Spec CommandSpec spec;
        @Parameters(index = "0", paramLabel = "create|add|remove") String action;
        @Parameters(index = "1", paramLabel = "NAME") String name;
        @Parameters(index = "2..*", paramLabel = "OFFICER") List<String> officers = new ArrayList<>();

        @Override
        public Integer call() throws Exception {
            if (!List.of("create", "add", "remove").contains(action)) {
                throw new Refused("group: create, add or remove, not " + action);
            }
            return chat.ask(spec.commandLine().getOut(), ("group " + action + " " + name + " " + String.join(" ", officers)).strip());
        }
    }

    @Command(name = "directory", mixinStandardHelpOptions = true,
            description = "Tell the app which handset an officer uses (until the provisioning server's directory reaches apps).")
    static final class Directory implements Callable<Integer> {
        @ParentCommand ChatCommand chat;
        @Spec CommandSpec spec;
        @Parameters(index = "0", paramLabel = "OFFICER") String officer;
        @Parameters(index = "1", paramLabel = "DEVICE") String device;

        @Override
        public Integer call() throws Exception {
            return chat.ask(spec.commandLine().getOut(), "directory " + officer + " " + device);
        }
    }
}
