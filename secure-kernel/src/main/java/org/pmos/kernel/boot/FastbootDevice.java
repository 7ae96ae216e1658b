package org.pmos.kernel.boot;

import java.util.List;
import java.util.Optional;

/**
 * The device side of fastboot: what {@link FastbootSession} calls to carry out commands.
 * The bootloader implements it over the emulated hardware; tests can fake it.
 */
public interface FastbootDevice {
    /** The outcome of one command: INFO lines, a final OKAY or FAIL, and what to do after. */
    record Outcome(List<FastbootReply> replies, Optional<PowerAction> after) {
        public Outcome {
            replies = List.copyOf(replies);
            if (replies.isEmpty() || !(replies.get(replies.size() - 1) instanceof FastbootReply.Okay
                    || replies.get(replies.size() - 1) instanceof FastbootReply.Fail)) {
                throw new IllegalArgumentException("an outcome ends with OKAY or FAIL");
            }
        }

        public static Outcome okay(String message) {
            return new Outcome(List.of(new FastbootReply.Okay(message)), Optional.empty());
        }

        public static Outcome fail(String message) {
            return new Outcome(List.of(new FastbootReply.Fail(message)), Optional.empty());
        }
    }

    /** Any command except {@code download}. */
    Outcome execute(FastbootCommand command);

    /**
     * Prepares to receive {@code size} bytes; the previous download is discarded.
     *
     * @throws FastbootException when the size is refused (the message goes into FAIL)
     */
    DownloadSink beginDownload(long size) throws FastbootException;
}
