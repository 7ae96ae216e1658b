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
 * Tamper-evident storage for {@link SecureState}, the emulator's stand-in for RPMB: the
 * record is followed by an HMAC-SHA256 under the {@link HardwareSecret}, so any edit made
 * outside the emulator (which has no access to the secret's use) is detected on load.
 *
 * <p>Layout (big-endian): {@code "PMSS"}, u8 version = 1, u8 flags (bit 0 locked, bit 1
 * unlock ability, bit 2 government profile), u8 digest length (0 or 32) + custom key digest, u8 count, count x
 * (u8 location, u64 rollback index), then the 32-byte tag. Nothing may follow.
 *
 * <p>Not covered: replaying an older, authentic copy of the whole file. Real RPMB stops
 * that with a write counter inside the eMMC; the emulator has no such counter.
 */
public final class SecureStorage {
    private static final byte[] MAGIC = {'P', 'M', 'S', 'S'};
    private static final int VERSION = 1;
    private static final int TAG_LENGTH = 32;
    private static final int MAX_SIZE = 4 + 1 + 1 + 1 + 32 + 1 + SecureState.MAX_ROLLBACK_LOCATIONS * 9 + TAG_LENGTH;
    private static final String PURPOSE = "pmos secure storage v1";

    private final Path file;
    private final HardwareSecret secret;

    public SecureStorage(Path file, HardwareSecret secret) {
        this.file = file;
        this.secret = secret;
    }

    public Path file() {
        return file;
    }

    /** Loads and authenticates the stored state. */
    public SecureState load() throws SecureStorageException {
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

    /** Stores a new state atomically. */
    public void store(SecureState state) throws IOException {
        byte[] body = encode(state);
        byte[] tag = secret.authenticate(PURPOSE, body);
        ByteArrayOutputStream out = new ByteArrayOutputStream(body.length + tag.length);
        out.writeBytes(body);
        out.writeBytes(tag);
        AtomicFiles.write(file, out.toByteArray());
    }

    static byte[] encode(SecureState s) {
        ByteBuffer buf = ByteBuffer.allocate(MAX_SIZE);
        buf.put(MAGIC).put((byte) VERSION);
        buf.put((byte) ((s.locked() ? 1 : 0) | (s.unlockAbility() ? 2 : 0) | (s.governmentProfile() ? 4 : 0)));
        byte[] digest = s.customKeyDigestHex().map(h -> HexFormat.of().parseHex(h)).orElse(new byte[0]);
        buf.put((byte) digest.length).put(digest);
        buf.put((byte) s.rollbackIndexes().size());
        s.rollbackIndexes().forEach((loc, v) -> buf.put((byte) (int) loc).putLong(v));
        return java.util.Arrays.copyOf(buf.array(), buf.position());
    }

    static SecureState decode(byte[] body) throws SecureStorageException {
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
            return new SecureState((flags & 1) != 0, (flags & 2) != 0, (flags & 4) != 0,
                    digestLength == 0 ? Optional.empty() : Optional.of(HexFormat.of().formatHex(digest)), indexes);
        } catch (java.nio.BufferUnderflowException e) {
            throw malformed("truncated record");
        }
    }

    private static SecureStorageException malformed(String why) {
        return new SecureStorageException(SecureStorageException.Reason.MALFORMED, why);
    }
}
