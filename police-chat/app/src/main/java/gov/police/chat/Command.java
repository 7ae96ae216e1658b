package gov.police.chat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * One line typed on the handset's input channel (pure parsing, no effects):
 * <pre>
 * send --to OFFICER TEXT...          a 1:1 message
 * send --group NAME TEXT...          a group message
 * group create NAME [OFFICER...]     a new group with these officers
 * group add NAME OFFICER...
 * group remove NAME OFFICER...
 * directory OFFICER DEVICE           who is on which handset (until the server's directory reaches apps)
 * read [NAME|@OFFICER]               conversations on the screen (all, or one)
 * </pre>
 * TEXT may be quoted; quotes around the whole text are removed.
 */
sealed interface Command {
    int MAX_LINE = 4000;

    record SendTo(String officer, String text) implements Command {}

    record SendGroup(String group, String text) implements Command {}

    record GroupCreate(String group, List<String> officers) implements Command {}

    record GroupAdd(String group, List<String> officers) implements Command {}

    record GroupRemove(String group, List<String> officers) implements Command {}

    record DirectoryEntry(String officer, String device) implements Command {}

    record Read(Optional<String> conversation) implements Command {}

    /** A line that is no command; the message says what was wrong. */
    final class Invalid extends Exception {
        private static final long serialVersionUID = 1L;

        Invalid(String message) {
            super(message);
        }
    }

    static Command parse(String line) throws Invalid {
        if (line.length() > MAX_LINE) {
            throw new Invalid("line longer than " + MAX_LINE + " characters");
        }
        List<String> w = new ArrayList<>(Arrays.asList(line.strip().split("\\s+", -1)));
        w.removeIf(String::isEmpty);
        if (w.isEmpty()) {
            throw new Invalid("empty line");
        }
        switch (w.get(0)) {
            case "send" -> {
                if (w.size() < 4 || !(w.get(1).equals("--to") || w.get(1).equals("--group"))) {
                    throw new Invalid("usage: send --to OFFICER TEXT | send --group NAME TEXT");
                }
                String target = name(w.get(2));
                String text = unquote(line.strip().split("\\s+", 4)[3]);
                if (text.isEmpty()) {
                    throw new Invalid("empty message");
                }
                return w.get(1).equals("--to") ? new SendTo(target, text) : new SendGroup(target, text);
            }
            case "group" -> {
                if (w.size() < 3) {
                    throw new Invalid("usage: group create|add|remove NAME OFFICER...");
                }
                String group = name(w.get(2));
                List<String> officers = new ArrayList<>();
                for (String o : w.subList(3, w.size())) {
                    officers.add(name(o));
                }
                return switch (w.get(1)) {
                    case "create" -> new GroupCreate(group, officers);
                    case "add", "remove" -> {
                        if (officers.isEmpty()) {
                            throw new Invalid("name at least one officer");
                        }
                        yield w.get(1).equals("add") ? new GroupAdd(group, officers) : new GroupRemove(group, officers);
                    }
                    default -> throw new Invalid("usage: group create|add|remove NAME OFFICER...");
                };
            }
            case "directory" -> {
                if (w.size() != 3) {
                    throw new Invalid("usage: directory OFFICER DEVICE");
                }
                return new DirectoryEntry(name(w.get(1)), name(w.get(2)));
            }
            case "read" -> {
                if (w.size() > 2) {
                    throw new Invalid("usage: read [NAME]");
                }
                if (w.size() == 1) {
                    return new Read(Optional.empty());
                }
                String n = w.get(1);
                return new Read(Optional.of(n.startsWith("@") ? "@" + name(n.substring(1)) : name(n)));
            }
            default -> throw new Invalid("unknown command " + w.get(0) + " (send, group, directory, read)");
        }
    }

    /** Officer ids, device ids and group names: letters, digits, {@code . _ - @ +}, at most 64. */
    private static String name(String s) throws Invalid {
        if (!s.matches("[A-Za-z0-9][A-Za-z0-9._@+-]{0,63}")) {
            throw new Invalid("not a name: " + s);
        }
        return s;
    }

    private static String unquote(String s) {
        String t = s.strip();
        if (t.length() >= 2 && (t.startsWith("\"") && t.endsWith("\"") || t.startsWith("'") && t.endsWith("'"))) {
            return t.substring(1, t.length() - 1);
        }
        return t;
    }
}
