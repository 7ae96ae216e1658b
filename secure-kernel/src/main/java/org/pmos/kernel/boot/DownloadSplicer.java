package org.pmos.kernel.boot;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.epoll.AbstractEpollStreamChannel;
import io.netty.channel.unix.FileDescriptor;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Moves download data from the socket into the download file inside the kernel
 * ({@code splice(2)} socket → pipe → file, Netty's native epoll transport), so the bytes are
 * copied once, into the page cache, instead of socket → Java buffer → file. Frame headers
 * still go through {@link FastbootFrameDecoder}; only the payload that has not yet been read
 * is spliced. On other transports (NIO, {@code EmbeddedChannel}) it is never armed and all
 * data takes the ordinary path.
 *
 * <p>Armed from the session's thread when a download begins (before the DATA reply goes out,
 * so before any data can arrive); everything else runs on the channel's event loop.
 */
final class DownloadSplicer {
    private final Channel channel;
    private FileDescriptor file;
    /** Download bytes already passed on (read or spliced), i.e. the file offset of the next. */
    private long offset;
    private long remaining;

    DownloadSplicer(Channel channel) {
        this.channel = channel;
    }

    /** Session thread: {@code sink} will receive {@code size} bytes. */
    void offer(DownloadSink sink, long size) {
        if (!(channel instanceof AbstractEpollStreamChannel) || size > Integer.MAX_VALUE) {
            return; // splice offsets are ints in Netty's API
        }
        Path path = sink.file().orElse(null);
        if (path == null) {
            return;
        }
        FileDescriptor fd;
        try {
            fd = FileDescriptor.from(path.toFile()); // the fresh, empty download file
        } catch (IOException e) {
            return; // the ordinary path still works
        }
        channel.eventLoop().execute(() -> {
            close();
            if (channel.isOpen()) {
                file = fd;
                offset = 0;
                remaining = size;
            } else {
                closeQuietly(fd);
            }
        });
    }

    /** Event loop: {@code n} download bytes were read and passed on the ordinary way. */
    void passed(long n) {
        if (file != null) {
            advance(n);
        }
    }

    /** Event loop: whether the next {@code length} bytes (the unread rest of a frame) can be spliced. */
    boolean canSplice(long length) {
        return file != null && length <= remaining;
    }

    /**
     * Event loop: splices the next {@code length} bytes into the file. The future completes
     * on the event loop once they are all in the file; until then nothing else is read.
     */
    ChannelFuture splice(int length) {
        ChannelFuture f = ((AbstractEpollStreamChannel) channel).spliceTo(file, (int) offset, length);
        f.addListener(done -> {
            if (done.isSuccess()) {
                advance(length);
            } else {
                close();
            }
        });
        return f;
    }

    private void advance(long n) {
        offset += n;
        remaining -= n;
        if (remaining <= 0) {
            close();
        }
    }

    /** Event loop: the download ended or the connection closed. */
    void close() {
        if (file != null) {
            closeQuietly(file);
            file = null;
        }
    }

    private static void closeQuietly(FileDescriptor fd) {
        try {
            fd.close();
        } catch (IOException e) {
            // nothing was pending on it; the session's own channel syncs and closes the file
        }
    }
}
