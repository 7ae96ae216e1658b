package gov.police.chat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.pmos.chat.client.StateStore;
import org.pmos.kernel.sdk.AppContext;
import org.pmos.kernel.sdk.ServiceException;

/**
 * The chat client's state (MLS groups, KeyPackage keys, queue position) and the app's own
 * (conversations, directory) in the app's encrypted storage, the kernel's per-app files sealed
 * to the boot state. The whole map is one file, written by the kernel atomically, so a write
 * of several entries lands all together or not at all. Bounded by the storage service's file
 * size (512 KiB): enough for a handset's groups; a store per group is the next step.
 */
final class StorageStateStore implements StateStore {
    static final String FILE = "chat-state";
    private static final int MAX_ENTRIES = 100_000;
    private final AppContext.Storage storage;
    private final TreeMap<String, byte[]> entries;

    private StorageStateStore(AppContext.Storage storage, TreeMap<String, byte[]> entries) {
        this.storage = storage;
        this.entries = entries;
    }

    static StorageStateStore open(AppContext.Storage storage) throws IOException, ServiceException {
        byte[] bytes;
        try {
            bytes = storage.read(FILE);
        } catch (ServiceException e) {
            if (e.status() == org.pmos.kernel.sdk.proto.Status.NOT_FOUND) {
                return new StorageStateStore(storage, new TreeMap<>());
            }
            throw e;
        }
        return new StorageStateStore(storage, decode(bytes));
    }

    @Override
    public synchronized Optional<byte[]> get(String key) {
        return Optional.ofNullable(entries.get(key)).map(byte[]::clone);
    }

    @Override
    public synchronized Set<String> keys(String prefix) {
        return entries.keySet().stream().filter(k -> k.startsWith(prefix)).collect(Collectors.toSet());
    }

    @Override
    public synchronized void write(Map<String, byte[]> puts, Set<String> deletes) {
        TreeMap<String, byte[]> next = new TreeMap<>(entries);
        deletes.forEach(next::remove);
        puts.forEach((k, v) -> next.put(k, v.clone()));
        try {
            storage.write(FILE, encode(next));
        } catch (IOException | ServiceException e) {
            throw new IllegalStateException("chat state not stored: " + e.getMessage(), e);
        }
        entries.clear();
        entries.putAll(next);
    }

    static byte[] encode(Map<String, byte[]> m) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(b)) {
            out.writeInt(m.size());
            for (Map.Entry<String, byte[]> e : m.entrySet()) {
                byte[] k = e.getKey().getBytes(StandardCharsets.UTF_8);
                out.writeInt(k.length);
                out.write(k);
                out.writeInt(e.getValue().length);
                out.write(e.getValue());
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return b.toByteArray();
    }

    static TreeMap<String, byte[]> decode(byte[] bytes) throws IOException {
        TreeMap<String, byte[]> m = new TreeMap<>();
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes));
        int n = in.readInt();
        if (n < 0 || n > MAX_ENTRIES) {
            throw new IOException("chat state: bad entry count");
        }
        for (int i = 0; i < n; i++) {
            String k = new String(readBounded(in), StandardCharsets.UTF_8);
            m.put(k, readBounded(in));
        }
        if (in.available() != 0) {
            throw new IOException("chat state: trailing bytes");
        }
        return m;
    }

    private static byte[] readBounded(DataInputStream in) throws IOException {
        int len = in.readInt();
        if (len < 0 || len > in.available()) {
            throw new IOException("chat state: bad length");
        }
        return in.readNBytes(len);
    }
}
