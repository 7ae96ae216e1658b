package org.pmos.image.sparse;

import java.io.IOException;

/**
 * Receives the expanded content of a sparse image in order, chunk by chunk. Offsets are
 * byte offsets into the expanded image. A sink that writes into a partition can ignore
 * {@link #skip}; one that produces a flat stream writes zeros (see {@link SparseReader#expand}).
 */
public interface SparseSink {
    /** The header, before any chunk. */
    default void header(SparseHeader header) throws IOException {}

    /** Raw bytes at {@code offset}; a RAW chunk arrives in several pieces. */
    void data(long offset, byte[] buf, int off, int len) throws IOException;

    /** {@code length} bytes at {@code offset} made of the 4-byte little-endian {@code pattern} repeated. */
    void fill(long offset, long length, int pattern) throws IOException;

    /** {@code length} bytes at {@code offset} whose content is not given (DONT_CARE). */
    void skip(long offset, long length) throws IOException;
}
