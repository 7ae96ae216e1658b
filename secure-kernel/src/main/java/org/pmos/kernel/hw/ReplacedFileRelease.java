package org.pmos.kernel.hw;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Frees a replaced partition file after the flash that replaced it has returned. When a
 * rename drops the last link to a large file, the kernel frees its blocks and page cache
 * inside the rename (about 0.2 s for 1 GiB on ext4 here), on the flash's critical path.
 * Holding the old file open across the rename and closing it on a background thread moves
 * that work after the reply. Until then the old contents are an orphan inode: unreachable
 * by name, and freed by the file system at the next mount should the process or machine die.
 */
final class ReplacedFileRelease {
    private final FileChannel held;

    private ReplacedFileRelease(FileChannel held) {
        this.held = held;
    }

    /** Holds {@code file} open, if it exists, before it is replaced. */
    static ReplacedFileRelease hold(Path file) throws IOException {
        try {
            return new ReplacedFileRelease(FileChannel.open(file, StandardOpenOption.READ));
        } catch (NoSuchFileException e) {
            return new ReplacedFileRelease(null);
        }
    }

    /** The replacement is committed: free the old file in the background. */
    void releaseLater() {
        if (held != null) {
            Thread t = new Thread(this::releaseNow, "partition-release");
            t.setDaemon(true);
            t.start();
        }
    }

    /** The replacement failed (the file is still linked) or nothing else may run: close now. */
    void releaseNow() {
        if (held != null) {
            try {
                held.close();
            } catch (IOException e) {
                // a read-only descriptor: nothing was pending on it
            }
        }
    }
}
