package org.pmos.kernel.boot;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;

/**
 * The download buffer, kept on disk next to the partitions: data is written as it arrives
 * (by this class, or straight into the file by the transport: {@link #stored}) and synced
 * when complete, so a raw flash is then a single atomic rename.
 */
final class StagedDownload implements DownloadSink {
    private final Path file;
    private final long size;
    private FileChannel channel;
    private final WritebackAhead writeback;
    /** Where the next byte goes (positional writes: the transport may write beside us). */
    private long position;
    private boolean complete;

    StagedDownload(Path file, long size) throws IOException {
        this.file = file;
        this.size = size;
        this.channel = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
        this.writeback = new WritebackAhead(channel, WritebackAhead.STEP);
    }

    Path path() {
        return file;
    }

    @Override
    public Optional<Path> file() {
        return Optional.of(file);
    }

    long size() {
        return size;
    }

    boolean complete() {
        return complete;
    }

    @Override
    public void write(ByteBuffer data) throws IOException {
        while (data.hasRemaining()) {
            position += channel.write(data, position);
        }
        writeback.progress(position);
    }

    @Override
    public void stored(long length) {
        position += length;
        writeback.progress(position);
    }

    @Override
    public void finish() throws IOException {
        if (position != size) {
            throw new IOException("download has " + position + " of " + size + " bytes");
        }
        writeback.await();
        // One fsync for the file, whichever descriptor wrote its pages (only the tail is still dirty).
        channel.force(true);
        channel.close();
        channel = null;
        complete = true;
    }

    @Override
    public void abort() {
        discard();
    }

    /** Deletes the buffer (after a flash moved it away, this is a no-op). */
    void discard() {
        writeback.stop();
        try {
            if (channel != null) {
                channel.close();
                channel = null;
            }
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // best effort: a stale temp file is harmless and is removed at the next start
        }
        complete = false;
    }

    /** The first bytes of the data (to recognise sparse images). */
    byte[] head(int n) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer b = ByteBuffer.allocate((int) Math.min(n, size));
            while (b.hasRemaining() && ch.read(b) >= 0) {
                // fill
            }
            return b.array();
        }
    }
}
