package org.pmos.image.sparse;

/** Sparse chunk types (libsparse {@code CHUNK_TYPE_*}). */
public enum ChunkType {
    RAW(0xCAC1),
    FILL(0xCAC2),
    DONT_CARE(0xCAC3),
    CRC32(0xCAC4);

    final int code;

    ChunkType(int code) {
        this.code = code;
    }

    static ChunkType of(int code) {
        for (ChunkType t : values()) {
            if (t.code == code) {
                return t;
            }
        }
        return null;
    }
}
