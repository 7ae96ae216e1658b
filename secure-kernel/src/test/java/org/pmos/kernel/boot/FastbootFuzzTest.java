package org.pmos.kernel.boot;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Optional;

/** Hostile hosts and devices: the session, the server pipeline and the reply parser never throw. */
class FastbootFuzzTest {
    /** Accepts everything and stores nothing. */
    static final class NullDevice implements FastbootDevice {
        @Override
        public Outcome execute(FastbootCommand command) {
            return new Outcome(List.of(new FastbootReply.Info(command.toString()), new FastbootReply.Okay("")),
                    command instanceof FastbootCommand.Reboot ? Optional.of(PowerAction.REBOOT) : Optional.empty());
        }

        @Override
        public DownloadSink beginDownload(long size) throws FastbootException {
            if (size > 1 << 20) {
                throw new FastbootException("data too large");
            }
            return new DownloadSink() {
                @Override
                public void write(ByteBuffer data) {
                    data.position(data.limit());
                }

                @Override
                public void finish() {}

                @Override
                public void abort() {}
            };
        }
    }

    @FuzzTest(maxDuration = "10s")
    void sessionTakesAnyPieces(FuzzedDataProvider data) {
        FastbootSession session = new FastbootSession(new NullDevice());
        while (data.remainingBytes() > 0) {
            byte[] piece = data.consumeBytes(data.consumeInt(0, 200));
            FastbootSession.Step step = session.onBytes(ByteBuffer.wrap(piece), data.consumeBoolean());
            for (FastbootReply r : step.replies()) {
                if (r.encode().length > FastbootReply.MAX_LENGTH) {
                    throw new AssertionError("reply longer than 64 bytes: " + r);
                }
            }
        }
    }

    @FuzzTest(maxDuration = "10s")
    void serverPipelineTakesAnyBytes(byte[] input) {
        EmbeddedChannel ch = new EmbeddedChannel(new FastbootServerInitializer(new NullDevice(), 1 << 20, a -> { }));
        ch.writeInbound(Unpooled.wrappedBuffer("FB01".getBytes(java.nio.charset.StandardCharsets.US_ASCII)));
        ch.writeInbound(Unpooled.wrappedBuffer(input));
        ch.finishAndReleaseAll();
    }

    @FuzzTest(maxDuration = "10s")
    void replyParser(byte[] input) {
        try {
            FastbootReply.parse(input);
        } catch (FastbootProtocolException expected) {
            // reported to the caller
        }
    }
}
