package org.pmos.kernel.boot;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The device side of one fastboot connection, after the handshake: a state machine fed
 * with the payload bytes of the host's frames (in pieces of any size, each flagged when it
 * ends a frame). In command phase a frame is one command; after {@code download} the next
 * bytes, over as many frames as the host likes, are download data. No I/O of its own: the
 * {@link FastbootDevice} does the work.
 */
public final class FastbootSession {
    /** What the connection should do next. */
    public record Step(List<FastbootReply> replies, boolean close, Optional<PowerAction> after) {
        public Step {
            replies = List.copyOf(replies);
        }

        static final Step NOTHING = new Step(List.of(), false, Optional.empty());
    }

    private final FastbootDevice device;
    private final byte[] command = new byte[FastbootCommand.MAX_LENGTH];
    private int commandLength;
    private boolean commandTooLong;
    private DownloadSink sink;
    private long dataRemaining;
    private boolean closed;

    public FastbootSession(FastbootDevice device) {
        this.device = Objects.requireNonNull(device, "device");
    }

    /** Feeds payload bytes of a host frame; {@code frameEnd} when they end that frame. */
    public Step onBytes(ByteBuffer bytes, boolean frameEnd) {
        if (closed) {
            return Step.NOTHING;
        }
        if (sink == null) {
            return onCommandBytes(bytes, frameEnd);
        }
        DownloadSink target = sink;
        return onData(bytes.remaining(), frameEnd, () -> target.write(bytes));
    }

    /**
     * {@code length} bytes of a host frame's payload that the transport already put into
     * the download sink's file ({@link DownloadSink#file()}); only valid during a download.
     */
    public Step onStored(long length, boolean frameEnd) {
        if (closed) {
            return Step.NOTHING;
        }
        if (sink == null || sink.file().isEmpty()) {
            onClose();
            return new Step(List.of(new FastbootReply.Fail("data outside a download")), true, Optional.empty());
        }
        DownloadSink target = sink;
        return onData(length, frameEnd, () -> target.stored(length));
    }

    /** The connection went away: discard a partial download. */
    public void onClose() {
        closed = true;
        if (sink != null) {
            sink.abort();
            sink = null;
        }
    }

    private Step onCommandBytes(ByteBuffer bytes, boolean frameEnd) {
        int n = bytes.remaining();
        if (!commandTooLong && commandLength + n <= command.length) {
            bytes.get(command, commandLength, n);
            commandLength += n;
        } else {
            commandTooLong = true;
            bytes.position(bytes.limit());
        }
        if (!frameEnd) {
            return Step.NOTHING;
        }
        boolean tooLong = commandTooLong;
        String text = new String(command, 0, commandLength, StandardCharsets.US_ASCII);
        commandLength = 0;
        commandTooLong = false;
        if (tooLong) {
            return reply(new FastbootReply.Fail("command too long (max " + FastbootCommand.MAX_LENGTH + " bytes)"));
        }
        if (text.isEmpty() || !text.chars().allMatch(c -> c >= 0x20 && c < 0x7f)) {
            return reply(new FastbootReply.Fail("malformed command"));
        }
        FastbootCommand cmd = FastbootCommand.parse(text);
        if (cmd instanceof FastbootCommand.Download d) {
            return startDownload(d.size());
        }
        FastbootDevice.Outcome outcome = device.execute(cmd);
        boolean close = outcome.after().isPresent()
                && outcome.replies().get(outcome.replies().size() - 1) instanceof FastbootReply.Okay;
        if (close) {
            closed = true;
        }
        return new Step(outcome.replies(), close, close ? outcome.after() : Optional.empty());
    }

    private Step startDownload(long size) {
        if (size == 0) {
            return reply(new FastbootReply.Fail("download size must not be zero"));
        }
        try {
            sink = device.beginDownload(size);
        } catch (FastbootException e) {
            return reply(new FastbootReply.Fail(e.getMessage()));
        }
        dataRemaining = size;
        return reply(new FastbootReply.Data(size));
    }

    private interface DataWrite {
        void run() throws IOException;
    }

    private Step onData(long length, boolean frameEnd, DataWrite write) {
        if (length > dataRemaining) {
            // More data than announced: the host and device disagree; nothing sane follows.
            onClose();
            return new Step(List.of(new FastbootReply.Fail("more data than announced")), true, Optional.empty());
        }
        try {
            dataRemaining -= length;
            write.run();
            if (dataRemaining > 0) {
                return Step.NOTHING;
            }
            if (!frameEnd) {
                onClose();
                return new Step(List.of(new FastbootReply.Fail("data frame longer than the download")), true,
                        Optional.empty());
            }
            DownloadSink done = sink;
            sink = null;
            done.finish();
            return reply(new FastbootReply.Okay(""));
        } catch (IOException e) {
            onClose();
            return new Step(List.of(new FastbootReply.Fail("download failed: " + e.getMessage())), true,
                    Optional.empty());
        }
    }

    private static Step reply(FastbootReply r) {
        List<FastbootReply> l = new ArrayList<>(1);
        l.add(r);
        return new Step(l, false, Optional.empty());
    }
}
