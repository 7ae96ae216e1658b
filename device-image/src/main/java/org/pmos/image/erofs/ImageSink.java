package org.pmos.image.erofs;

import java.io.IOException;

/**
 * Where {@link ErofsWriter} puts an image, front to back. File contents are handed over whole,
 * so the sink reads them its own way (straight into its own buffers, say) and reads them once.
 */
public interface ImageSink {
    /** Appends {@code len} bytes of {@code b} from {@code off}. */
    void write(byte[] b, int off, int len) throws IOException;

    /** Appends the whole content, exactly {@link FileContent#size()} bytes, or throws. */
    void write(FileContent content) throws IOException;
}
