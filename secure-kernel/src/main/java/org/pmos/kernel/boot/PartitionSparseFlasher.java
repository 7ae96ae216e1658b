package org.pmos.kernel.boot;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import org.pmos.image.ImageFormatException;
import org.pmos.image.sparse.SparseReader;
import org.pmos.image.sparse.SparseSink;
import org.pmos.crypto.io.AtomicFiles;
import org.pmos.kernel.hw.FlashStorage;

/**
 * Writes a sparse image onto a copy of the partition and swaps the copy in. DONT_CARE
 * regions keep the old contents, which is how the host's split pieces of one large image
 * (each DONT_CARE outside its own part) add up to the whole image.
 */
public final class PartitionSparseFlasher implements SparseFlasher {
    @Override
    public void flash(Path sparseImage, FlashStorage flash, String partition) throws IOException, FastbootException {
        Path target = flash.fileOf(partition);
        Path tmp = AtomicFiles.tempFileBeside(target);
        try {
            if (Files.exists(target)) {
                Files.copy(target, tmp, StandardCopyOption.REPLACE_EXISTING);
            }
            long capacity = flash.table().byFullName(partition).orElseThrow().sizeBytes();
            try (InputStream in = new BufferedInputStream(Files.newInputStream(sparseImage), 1 << 16);
                 FileChannel out = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                SparseReader.read(in, capacity, new ChannelSink(out));
                out.force(true);
            } catch (ImageFormatException e) {
                throw new FastbootException("bad sparse image: " + e.getMessage());
            }
            flash.replaceWith(partition, tmp);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** Positional writes into the partition copy. */
    private static final class ChannelSink implements SparseSink {
        private final FileChannel out;

        ChannelSink(FileChannel out) {
            this.out = out;
        }

        @Override
        public void data(long offset, byte[] buf, int off, int len) throws IOException {
            writeAt(ByteBuffer.wrap(buf, off, len), offset);
        }

        @Override
        public void fill(long offset, long length, int pattern) throws IOException {
            ByteBuffer block = ByteBuffer.allocate((int) Math.min(length, 1 << 16)).order(ByteOrder.LITTLE_ENDIAN);
            while (block.remaining() >= 4) {
                block.putInt(pattern);
            }
            long done = 0;
            while (done < length) {
                int n = (int) Math.min(block.capacity(), length - done);
                writeAt(ByteBuffer.wrap(block.array(), 0, n), offset + done);
                done += n;
            }
        }

        @Override
        public void skip(long offset, long length) {
            // DONT_CARE: the old contents stay.
        }

        private void writeAt(ByteBuffer b, long pos) throws IOException {
            while (b.hasRemaining()) {
                pos += out.write(b, pos);
            }
        }
    }
}
