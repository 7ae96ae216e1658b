package org.pmos.kernel.hw;

import org.pmos.crypto.io.AtomicFiles;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;

/**
 * The write counter of the emulated RPMB partition. On a phone it sits inside the eMMC
 * controller, out of reach of anything that copies the stored data back; here it sits with
 * the hardware secret ({@code hardware/rpmb-write-counter}), apart from {@code secure/}, under
 * its own HMAC. Every {@link SecureStorage} write carries the next value, so a restored older
 * copy of the storage file carries a value behind this one.
 *
 * <p>Layout (big-endian): {@code "PMRC"}, u8 version = 1, u64 counter, 32-byte tag.
 */
final class RpmbWriteCounter {
    private static final byte[] MAGIC = {'P', 'M', 'R', 'C'};
    private static final int VERSION = 1;
    private static final int BODY_LENGTH = 4 + 1 + 8;
    private static final int TAG_LENGTH = 32;
    private static final String PURPOSE = "pmos rpmb write counter v1";

    private final Path file;
    private final HardwareSecret secret;

    RpmbWriteCounter(Path file, HardwareSecret secret) {
        this.file = file;
        this.secret = secret;
    }

    boolean exists() {
        return Files.exists(file);
    }

    /** The authenticated counter value. */
    long read() throws SecureStorageException {
        byte[] all;
        try {
            if (Files.size(file) != BODY_LENGTH + TAG_LENGTH) {
                throw new SecureStorageException(SecureStorageException.Reason.MALFORMED,
                        "RPMB write counter has the wrong length");
            }
            all = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new SecureStorageException(SecureStorageException.Reason.MISSING, "RPMB write counter is missing");
        } catch (IOException e) {
            throw new SecureStorageException(SecureStorageException.Reason.IO, e.getMessage());
        }
        if (all.length != BODY_LENGTH + TAG_LENGTH) {
            throw new SecureStorageException(SecureStorageException.Reason.MALFORMED,
                    "RPMB write counter has the wrong length");
        }
        byte[] body = java.util.Arrays.copyOf(all, BODY_LENGTH);
        byte[] tag = java.util.Arrays.copyOfRange(all, BODY_LENGTH, all.length);
        if (!MessageDigest.isEqual(tag, secret.authenticate(PURPOSE, body))) {
            throw new SecureStorageException(SecureStorageException.Reason.TAMPERED,
                    "RPMB write counter authentication tag mismatch");
        }
        ByteBuffer buf = ByteBuffer.wrap(body);
        byte[] magic = new byte[MAGIC.length];
        buf.get(magic);
        int version = Byte.toUnsignedInt(buf.get());
        long value = buf.getLong();
        if (!MessageDigest.isEqual(magic, MAGIC) || version != VERSION || value < 0) {
            throw new SecureStorageException(SecureStorageException.Reason.MALFORMED, "bad RPMB write counter record");
        }
        return value;
    }

    /** Sets the counter (atomically: temp file, fsync, rename). */
    void write(long value) throws IOException {
        if (value < 0) {
            throw new IllegalArgumentException("negative counter");
        }
        byte[] body = ByteBuffer.allocate(BODY_LENGTH).put(MAGIC).put((byte) VERSION).putLong(value).array();
        byte[] tag = secret.authenticate(PURPOSE, body);
        Files.createDirectories(file.toAbsolutePath().getParent());
        AtomicFiles.write(file, ByteBuffer.allocate(body.length + tag.length).put(body).put(tag).array());
    }
}
