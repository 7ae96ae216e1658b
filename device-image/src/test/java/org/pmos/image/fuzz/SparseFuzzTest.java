package org.pmos.image.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import org.pmos.image.ImageFormatException;
import org.pmos.image.sparse.SparseReader;
import org.pmos.image.sparse.SparseSink;

/** The sparse reader on arbitrary bytes: it may only return or throw ImageFormatException. */
class SparseFuzzTest {
    @FuzzTest(maxDuration = "10s")
    void sparseReader(byte[] input) throws IOException {
        try {
            SparseReader.read(new ByteArrayInputStream(input), 64L << 20, new SparseSink() {
                @Override
                public void data(long offset, byte[] buf, int off, int len) {}

                @Override
                public void fill(long offset, long length, int pattern) {}

                @Override
                public void skip(long offset, long length) {}
            });
        } catch (ImageFormatException expected) {
            // malformed input is reported, never anything else
        }
    }
}
