package org.pmos.kernel.boot;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * A device-to-host fastboot packet. The host reads replies into a 64-byte buffer (and the
 * Debian 29.0.6 client refuses {@code TEXT}), so a reply is at most 64 bytes: longer
 * messages are cut, never split.
 */
public sealed interface FastbootReply {
    int MAX_LENGTH = 64;

    /** The packet as sent: a 4-letter tag and a message. */
    byte[] encode();

    /** Command done. */
    record Okay(String message) implements FastbootReply {
        public Okay {
            message = clip(message);
        }

        public byte[] encode() {
            return bytes("OKAY", message);
        }
    }

    /** Command failed; the message says why. */
    record Fail(String message) implements FastbootReply {
        public Fail {
            message = clip(message);
        }

        public byte[] encode() {
            return bytes("FAIL", message);
        }
    }

    /** A line of progress or output; more replies follow. */
    record Info(String message) implements FastbootReply {
        public Info {
            message = clip(message);
        }

        public byte[] encode() {
            return bytes("INFO", message);
        }
    }

    /** Ready to receive {@code size} bytes of download data. */
    record Data(long size) implements FastbootReply {
        public Data {
            if (size < 0 || size > 0xFFFF_FFFFL) {
                throw new IllegalArgumentException("download size out of range: " + size);
            }
        }

        public byte[] encode() {
            return bytes("DATA", String.format("%08x", size));
        }
    }

    /** Parses a packet read from a device (for the Java client). */
    static FastbootReply parse(byte[] packet) throws FastbootProtocolException {
        if (packet.length < 4 || packet.length > MAX_LENGTH) {
            throw new FastbootProtocolException("reply of " + packet.length + " bytes (must be 4-64)");
        }
        String tag = new String(packet, 0, 4, StandardCharsets.US_ASCII);
        String msg = new String(packet, 4, packet.length - 4, StandardCharsets.US_ASCII);
        return switch (tag) {
            case "OKAY" -> new Okay(msg);
            case "FAIL" -> new Fail(msg);
            case "INFO", "TEXT" -> new Info(msg);
            case "DATA" -> {
                if (!msg.matches("[0-9a-fA-F]{8}")) {
                    throw new FastbootProtocolException("bad DATA size: " + msg);
                }
                yield new Data(Long.parseLong(msg, 16));
            }
            default -> throw new FastbootProtocolException("unknown reply tag: " + tag.replaceAll("[^ -~]", "?"));
        };
    }

    private static String clip(String message) {
        Objects.requireNonNull(message, "message");
        String ascii = message.replaceAll("[^ -~]", "?");
        return ascii.length() > MAX_LENGTH - 4 ? ascii.substring(0, MAX_LENGTH - 4) : ascii;
    }

    private static byte[] bytes(String tag, String message) {
        return (tag + message).getBytes(StandardCharsets.US_ASCII);
    }
}
