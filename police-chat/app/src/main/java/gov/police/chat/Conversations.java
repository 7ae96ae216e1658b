package gov.police.chat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.pmos.chat.client.StateStore;

/**
 * What the user sees, kept in the app's encrypted store next to the client's state: the
 * messages of each conversation in arrival order ({@code app/msg/GROUP/SEQ}: sender device,
 * newline, text) and the officer directory ({@code app/dir/OFFICER} → device). A 1:1
 * conversation is a two-member group named {@code dm:DEVICE+DEVICE} (sorted), shown as
 * {@code @OFFICER}; an officer not in the directory is taken to be a device id.
 */
final class Conversations {
    private static final String MSG = "app/msg/";
    private static final String DIR = "app/dir/";
    private static final HexFormat HEX = HexFormat.of();

    private final StateStore store;
    private final String me;
    private long seq;

    Conversations(StateStore store, String me) {
        this.store = store;
        this.me = me;
        for (String k : store.keys(MSG)) {
            seq = Math.max(seq, Long.parseLong(k.substring(k.lastIndexOf('/') + 1), 16));
        }
    }

    synchronized void learn(String officer, String device) {
        learnAll(Map.of(officer, device));
    }

    /** Officer → device entries, stored in one write. */
    synchronized void learnAll(Map<String, String> officers) {
        Map<String, byte[]> puts = new HashMap<>();
        officers.forEach((officer, device) -> puts.put(DIR + officer, device.getBytes(StandardCharsets.UTF_8)));
        store.write(puts, Set.of());
    }

    List<String> devicesOf(String officer) {
        return List.of(deviceOf(officer));
    }

    String deviceOf(String officer) {
        return store.get(DIR + officer).map(b -> new String(b, StandardCharsets.UTF_8)).orElse(officer);
    }

    String officerOf(String device) {
        for (String k : new TreeSet<>(store.keys(DIR))) {
            if (deviceOf(k.substring(DIR.length())).equals(device)) {
                return k.substring(DIR.length());
            }
        }
        return device;
    }

    /** The id of the 1:1 group of this device and {@code other}: the same on both handsets. */
    byte[] directId(String other) {
        String a = me.compareTo(other) < 0 ? me : other;
        String b = a.equals(me) ? other : me;
        return ("dm:" + a + "+" + b).getBytes(StandardCharsets.UTF_8);
    }

    String nameOf(byte[] groupId) {
        String name = new String(groupId, StandardCharsets.UTF_8);
        if (name.startsWith("dm:") && name.contains("+")) {
            String[] two = name.substring(3).split("\\+", 2);
            return "@" + officerOf(two[0].equals(me) ? two[1] : two[0]);
        }
        return name;
    }

    synchronized void record(byte[] groupId, String senderDevice, String text) {
        String key = MSG + HEX.formatHex(groupId) + "/" + String.format("%016x", ++seq);
        store.write(Map.of(key, (senderDevice + "\n" + text).getBytes(StandardCharsets.UTF_8)), Set.of());
    }

    /** The screen lines of every conversation, or of the one named ({@code NAME} or {@code @OFFICER}). */
    synchronized List<String> render(Optional<String> only) {
        Map<String, List<String>> byGroup = new LinkedHashMap<>();
        List<String> keys = new ArrayList<>(store.keys(MSG));
        keys.sort((x, y) -> x.substring(x.lastIndexOf('/')).compareTo(y.substring(y.lastIndexOf('/'))));
        for (String k : keys) {
            String group = k.substring(MSG.length(), k.lastIndexOf('/'));
            String[] m = new String(store.get(k).orElseThrow(), StandardCharsets.UTF_8).split("\n", 2);
            byGroup.computeIfAbsent(group, g -> new ArrayList<>()).add("  " + officerOf(m[0]) + ": " + m[1]);
        }
        List<String> lines = new ArrayList<>();
        byGroup.forEach((hex, msgs) -> {
            String name = nameOf(HEX.parseHex(hex));
            if (only.isEmpty() || only.get().equals(name) || ("@" + only.get()).equals(name)) {
                lines.add("== " + name + " ==");
                lines.addAll(msgs);
            }
        });
        lines.add("== end ==");
        return lines;
    }
}
