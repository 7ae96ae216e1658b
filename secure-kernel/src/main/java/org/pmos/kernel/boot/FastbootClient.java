package org.pmos.kernel.boot;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.nio.NioSocketChannel;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A fastboot host over TCP, for machines without the Android tools ({@code pmos flash}).
 * Same protocol as AOSP's client: handshake, one command per frame, replies read until
 * OKAY or FAIL, download data streamed in frames of up to 1 MiB. Blocking, one command at
 * a time; every wait has a deadline.
 */
public final class FastbootClient implements AutoCloseable {
    /** Reports progress of long operations. */
    @FunctionalInterface
    public interface Progress {
        /** @param step e.g. {@code "sending boot_a"}; {@code done} of {@code total} bytes */
        void update(String step, long done, long total);

        Progress NONE = (s, d, t) -> { };
    }

    /** The final OKAY message and the INFO lines before it. */
    public record Response(String message, List<String> info) {}

    private static final int CHUNK = 1 << 20;
    /** Writes in flight before the client waits: keeps the socket busy without unbounded buffering. */
    private static final int IN_FLIGHT = 16;
    /**
     * A file goes out in frames of this size, each written from a read-only mapping. Not
     * sendfile: that hands the socket 4 KiB page-cache pages, which fill the device's splice
     * pipe 4x sooner than the 32 KiB pieces a write makes (measured: about 40% more device CPU).
     */
    private static final long FILE_FRAME = 64L << 20;
    private final EventLoopGroup group;
    private final Channel channel;
    private final BlockingQueue<FastbootClientHandler.Event> events = new LinkedBlockingQueue<>();
    private final Duration timeout;

    private FastbootClient(String host, int port, Duration timeout) throws IOException {
        this.timeout = timeout;
        this.group = new NioEventLoopGroup(1);
        try {
            this.channel = new Bootstrap().group(group).channel(NioSocketChannel.class)
                    .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(Integer.MAX_VALUE, timeout.toMillis()))
                    .option(ChannelOption.SO_SNDBUF, 4 << 20)
                    .handler(new FastbootClientInitializer(events))
                    .connect(host, port).syncUninterruptibly().channel();
        } catch (RuntimeException e) {
            group.shutdownGracefully(0, 0, TimeUnit.SECONDS);
            throw new IOException("cannot connect to fastboot at " + host + ":" + port + ": " + e.getMessage(), e);
        }
    }

    /** Connects to a device; {@code timeout} bounds the connect and every later wait for a reply. */
    public static FastbootClient connect(String host, int port, Duration timeout) throws IOException {
        return new FastbootClient(host, port, timeout);
    }

    /** {@code getvar:NAME}: the value. */
    public String getVar(String name) throws IOException, FastbootException {
        return command("getvar:" + name).message();
    }

    /** Sends a command and waits for OKAY (returned) or FAIL (thrown). */
    public Response command(String command) throws IOException, FastbootException {
        byte[] bytes = command.getBytes(StandardCharsets.US_ASCII);
        if (bytes.length > FastbootCommand.MAX_LENGTH) {
            throw new IllegalArgumentException("command longer than 64 bytes: " + command);
        }
        send(Unpooled.wrappedBuffer(bytes));
        return awaitResult();
    }

    /** {@code download}: announces {@code size} bytes and streams them from {@code data}. */
    public void download(InputStream data, long size, String step, Progress progress)
            throws IOException, FastbootException {
        startDownload(size);
        long sent = 0;
        java.util.ArrayDeque<ChannelFuture> inFlight = new java.util.ArrayDeque<>();
        while (sent < size) {
            ByteBuf buf = channel.alloc().buffer((int) Math.min(CHUNK, size - sent));
            int n;
            try {
                n = buf.writeBytes(data, buf.writableBytes());
            } catch (IOException | RuntimeException e) {
                buf.release();
                throw e;
            }
            if (n <= 0) {
                buf.release();
                throw new IOException("image ended after " + sent + " of " + size + " bytes");
            }
            inFlight.add(channel.writeAndFlush(buf));
            if (inFlight.size() >= IN_FLIGHT) {
                await(inFlight.poll());
            }
            sent += n;
            progress.update(step, sent, size);
        }
        while (!inFlight.isEmpty()) {
            await(inFlight.poll());
        }
        awaitResult();
    }

    /** {@code download} of a whole file, written frame by frame from a mapping of it (no Java copy). */
    public void download(Path file, String step, Progress progress) throws IOException, FastbootException {
        long size = Files.size(file);
        startDownload(size);
        try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(file)) {
            for (long pos = 0; pos < size; ) {
                long n = Math.min(FILE_FRAME, size - pos);
                // Unmapped by the GC, never by hand: a write still in flight after a timeout must not fault.
                java.nio.MappedByteBuffer map = ch.map(java.nio.channels.FileChannel.MapMode.READ_ONLY, pos, n);
                await(channel.writeAndFlush(Unpooled.wrappedBuffer(map))); // one frame
                pos += n;
                progress.update(step, pos, size);
            }
        }
        awaitResult();
    }

    private void startDownload(long size) throws IOException, FastbootException {
        send(Unpooled.wrappedBuffer(String.format("download:%08x", size).getBytes(StandardCharsets.US_ASCII)));
        FastbootReply first = awaitReply();
        if (first instanceof FastbootReply.Fail f) {
            throw new FastbootException(f.message());
        }
        if (!(first instanceof FastbootReply.Data d) || d.size() != size) {
            throw new IOException("device answered download with " + first);
        }
    }

    private void await(ChannelFuture f) throws IOException {
        if (!f.awaitUninterruptibly(timeout.toMillis()) || !f.isSuccess()) {
            throw new IOException("cannot send to the device: "
                    + (f.cause() == null ? "timed out" : f.cause().getMessage()));
        }
    }

    private void send(ByteBuf payload) throws IOException {
        await(channel.writeAndFlush(payload));
    }

    private Response awaitResult() throws IOException, FastbootException {
        List<String> info = new ArrayList<>();
        while (true) {
            FastbootReply r = awaitReply();
            if (r instanceof FastbootReply.Info i) {
                info.add(i.message());
            } else if (r instanceof FastbootReply.Okay o) {
                return new Response(o.message(), info);
            } else if (r instanceof FastbootReply.Fail f) {
                throw new FastbootException(f.message());
            } else {
                throw new IOException("unexpected reply " + r);
            }
        }
    }

    private FastbootReply awaitReply() throws IOException {
        FastbootClientHandler.Event e;
        try {
            e = events.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException ie) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for the device");
        }
        if (e == null) {
            throw new IOException("no reply from the device within " + timeout.toSeconds() + " s");
        }
        if (e instanceof FastbootClientHandler.Closed c) {
            events.add(c); // every later wait fails the same way
            throw new IOException(c.why());
        }
        return ((FastbootClientHandler.Reply) e).reply();
    }

    @Override
    public void close() {
        channel.close().awaitUninterruptibly(timeout.toMillis());
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
    }
}
