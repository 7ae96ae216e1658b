package org.pmos.kernel.hw;

import org.pmos.crypto.io.AtomicFiles;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Tamper-evident, replay-protected storage for {@link SecureState}, the emulator's stand-in
 * for RPMB: the record is followed by an HMAC-SHA256 under the {@link HardwareSecret}, so any
 * edit made outside the emulator (which has no access to the secret's use) is detected on
 * load; and, as on RPMB, every write carries the next value of a monotonic
 * {@link RpmbWriteCounter} kept apart from the file, so an older authentic copy put back in
 * its place is refused ({@link SecureStorageException.Reason#REPLAYED}).
 *
 * <p>Layout (big-endian): {@code "PMSS"}, u8 version = 2, u64 write counter, u8 flags (bit 0
 * locked, bit 1 unlock ability, bit 2 government profile), u8 digest length (0 or 32) + custom
 * key digest, u8 count, count x (u8 location, u64 rollback index), then the 32-byte tag.
 * Nothing may follow.
 *
 * <p>A write stores the file first, then advances the counter: a crash in between leaves a
 * file exactly one ahead of the counter, which the next access accepts and completes (only
 * the handset can produce that authentic record, so this opens no replay).
 */
public final class SecureStorage {
    private static final byte[] MAGIC = {'P', 'M', 'S', 'S'};
    private static final int VERSION = 2;
    private static final int TAG_LENGTH = 32;
    private static final int MAX_SIZE = 4 + 1 + 8 + 1 + 1 + 32 + 1 + SecureState.MAX_ROLLBACK_LOCATIONS * 9 + TAG_LENGTH;
    private static final String PURPOSE = "pmos secure storage v2";

    /** A decoded record: the state and the write counter value it was stored with. */
    record Record(long writeCounter, SecureState state) { }

    private final Path file;
    private final HardwareSecret secret;
    private final RpmbWriteCounter counter;

    /**
     * @param counterFile where the RPMB write counter lives: outside the folder of
     *                    {@code file}, next to the hardware secret
     */
    public SecureStorage(Path file, Path counterFile, HardwareSecret secret) {
        this.file = file;
        this.secret = secret;
        this.counter = new RpmbWriteCounter(counterFile, secret);
    }

    public Path file() {
        return file;
    }

    /** Loads the stored state: authenticated, and not older than the RPMB write counter. */
    public SecureState load() throws SecureStorageException {
        return fresh().state();
    }

    /** Stores a new state atomically, with the next write counter value. */
    public void store(SecureState state) throws IOException {
        Record current;
        try {
            current = fresh();
        } catch (SecureStorageException e) {
            // Like RPMB, a write needs the current counter: refused while the storage cannot be trusted.
            throw new IOException(e.getMessage(), e);
        }
        write(Math.addExact(current.writeCounter(), 1), state);
    }

    /** The factory's first write (the counter starts at 1); refused when any state exists. */
    public void create(SecureState state) throws IOException {
        if (counter.exists() || Files.exists(file)) {
            throw new IOException("secure storage already initialised: " + file);
        }
        write(1, state);
    }

    private void write(long writeCounter, SecureState state) throws IOException {
        byte[] body = encode(writeCounter, state);
        byte[] tag = secret.authenticate(PURPOSE, body);
        ByteArrayOutputStream out = new ByteArrayOutputStream(body.length + tag.length);
        out.writeBytes(body);
        out.writeBytes(tag);
        AtomicFiles.write(file, out.toByteArray());
        counter.write(writeCounter);
    }

    /** The authenticated record, checked against the counter (completing an interrupted write). */
    private Record fresh() throws SecureStorageException {
        Record r = authenticated();
        long expected = counter.read();
        if (r.writeCounter() == expected) {
            return r;
        }
        if (r.writeCounter() == expected + 1) {
            try {
                counter.write(r.writeCounter());
            } catch (IOException e) {
                throw new SecureStorageException(SecureStorageException.Reason.IO, e.getMessage());
            }
            return r;
        }
        throw new SecureStorageException(SecureStorageException.Reason.REPLAYED, r.writeCounter() < expected
                ? "write counter " + r.writeCounter() + " is behind the RPMB counter " + expected + " (an older copy was restored)"
                : "RPMB counter " + expected + " is behind the write counter " + r.writeCounter() + " (an older counter was restored)");
    }

    private Record authenticated() throws SecureStorageException {
        byte[] all;
        try {
            if (Files.size(file) > MAX_SIZE) {
                throw new SecureStorageException(SecureStorageException.Reason.MALFORMED,
                        "file is larger than " + MAX_SIZE + " bytes");
            }
            all = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new SecureStorageException(SecureStorageException.Reason.MISSING, file.getFileName() + " is missing");
        } catch (IOException e) {
            throw new SecureStorageException(SecureStorageException.Reason.IO, e.getMessage());
        }
        if (all.length < TAG_LENGTH + MAGIC.length) {
            throw new SecureStorageException(SecureStorageException.Reason.MALFORMED, "file is truncated");
        }
        int bodyLength = all.length - TAG_LENGTH;
        byte[] body = java.util.Arrays.copyOf(all, bodyLength);
        byte[] tag = java.util.Arrays.copyOfRange(all, bodyLength, all.length);
        // Authenticate before parsing: nothing from an unauthenticated file is interpreted.
        if (!MessageDigest.isEqual(tag, secret.authenticate(PURPOSE, body))) {
            throw new SecureStorageException(SecureStorageException.Reason.TAMPERED,
                    "authentication tag mismatch (edited outside the handset)");
        }
        return decode(body);
    }

    static byte[] encode(long writeCounter, SecureState s) {
        ByteBuffer buf = ByteBuffer.allocate(MAX_SIZE);
        buf.put(MAGIC).put((byte) VERSION).putLong(writeCounter);
        buf.put((byte) ((s.locked() ? 1 : 0) | (s.unlockAbility() ? 2 : 0) | (s.governmentProfile() ? 4 : 0)));
        byte[] digest = s.customKeyDigestHex().map(h -> HexFormat.of().parseHex(h)).orElse(new byte[0]);
        buf.put((byte) digest.length).put(digest);
        buf.put((byte) s.rollbackIndexes().size());
        s.rollbackIndexes().forEach((loc, v) -> buf.put((byte) (int) loc).putLong(v));
        return java.util.Arrays.copyOf(buf.array(), buf.position());
    }

    static Record decode(byte[] body) throws SecureStorageException {
        try {
            ByteBuffer buf = ByteBuffer.wrap(body);
            byte[] magic = new byte[MAGIC.length];
            buf.get(magic);
            if (!MessageDigest.isEqual(magic, MAGIC)) {
                throw malformed("bad magic");
            }
            int version = Byte.toUnsignedInt(buf.get());
            if (version != VERSION) {
                throw malformed("unsupported version " + version);
            }
            long writeCounter = buf.getLong();
            if (writeCounter < 1) {
                throw malformed("write counter " + writeCounter);
            }
            int flags = Byte.toUnsignedInt(buf.get());
            if ((flags & ~7) != 0) {
                throw malformed("unknown flags " + flags);
            }
            int digestLength = Byte.toUnsignedInt(buf.get());
            if (digestLength != 0 && digestLength != 32) {
                throw malformed("custom key digest length " + digestLength);
            }
            byte[] digest = new byte[digestLength];
            buf.get(digest);
            int count = Byte.toUnsignedInt(buf.get());
            if (count > SecureState.MAX_ROLLBACK_LOCATIONS) {
                throw malformed("too many rollback index locations: " + count);
            }
            Map<Integer, Long> indexes = new TreeMap<>();
            for (int i = 0; i < count; i++) {
                int loc = Byte.toUnsignedInt(buf.get());
                long value = buf.getLong();
                if (loc >= SecureState.MAX_ROLLBACK_LOCATIONS || value < 0 || indexes.put(loc, value) != null) {
                    throw malformed("bad rollback index entry " + i);
                }
            }
            if (buf.hasRemaining()) {
                throw malformed(buf.remaining() + " trailing bytes");
            }
            return new Record(writeCounter, new SecureState((flags & 1) != 0, (flags & 2) != 0, (flags & 4) != 0,
                    digestLength == 0 ? Optional.empty() : Optional.of(HexFormat.of().formatHex(digest)), indexes));
        } catch (java.nio.BufferUnderflowException e) {
            throw malformed("truncated record");
        }
    }

    private static SecureStorageException malformed(String why) {
        return new SecureStorageException(SecureStorageException.Reason.MALFORMED, why);
    }
}
