package org.pmos.kernel.boot;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The whole server pipeline over an EmbeddedChannel: no sockets. */
class FastbootPipelineTest {
    @TempDir Path dir;
    Bootloader bootloader;
    EmbeddedChannel ch;
    List<PowerAction> actions = new ArrayList<>();

    @BeforeEach
    void setUp() throws Exception {
        bootloader = TestBootloaders.create(dir);
        ch = new EmbeddedChannel(new FastbootServerInitializer(bootloader, 64L << 20, actions::add));
        ch.writeInbound(Unpooled.copiedBuffer("FB01", StandardCharsets.US_ASCII));
        ByteBuf hello = ch.readOutbound();
        assertEquals("FB01", hello.toString(StandardCharsets.US_ASCII));
        hello.release();
    }

    private static ByteBuf frame(byte[] payload) {
        return Unpooled.buffer().writeLong(payload.length).writeBytes(payload);
    }

    private void send(String command) {
        ch.writeInbound(frame(command.getBytes(StandardCharsets.US_ASCII)));
    }

    private List<String> replies() {
        List<String> out = new ArrayList<>();
        ByteBuf b;
        while ((b = ch.readOutbound()) != null) {
            while (b.readableBytes() >= 8) {
                int len = (int) b.readLong();
                out.add(b.readCharSequence(len, StandardCharsets.US_ASCII).toString());
            }
            b.release();
        }
        return out;
    }

    @Test
    void answersGetvar() {
        send("getvar:serialno");
        assertEquals(List.of("OKAY" + TestBootloaders.SERIAL), replies());
        send("getvar:has-slot:boot");
        send("getvar:is-logical:boot_a");
        send("getvar:partition-type:userdata");
        send("getvar:has-slot:odm");
        assertEquals(List.of("OKAYyes", "OKAYno", "OKAYext4", "FAILVariable not found"), replies());
    }

    @Test
    void getvarAllSendsInfoLinesNoLongerThan64Bytes() {
        send("getvar:all");
        List<String> r = replies();
        assertEquals("OKAY", r.get(r.size() - 1));
        assertTrue(r.contains("INFOsecure:yes"));
        assertTrue(r.contains("INFOcurrent-slot:a"));
        assertTrue(r.stream().allMatch(s -> s.length() <= 64), r.toString());
    }

    @Test
    void downloadMaySpanFramesOfAnySizeAndArriveInPieces() throws Exception {
        byte[] image = new byte[10_000];
        new java.util.Random(1).nextBytes(image);
        send(String.format("download:%08x", image.length));
        assertEquals(List.of("DATA00002710"), replies());
        // Three frames (1, 5000, 4999 bytes); the middle one is delivered in two TCP reads.
        ch.writeInbound(frame(java.util.Arrays.copyOfRange(image, 0, 1)));
        ByteBuf mid = frame(java.util.Arrays.copyOfRange(image, 1, 5001));
        ch.writeInbound(mid.readRetainedSlice(3000));
        ch.writeInbound(mid);
        assertEquals(List.of(), replies());
        ch.writeInbound(frame(java.util.Arrays.copyOfRange(image, 5001, 10_000)));
        assertEquals(List.of("OKAY"), replies());
        send("flash:boot");
        assertEquals(List.of("INFOwriting boot_a", "OKAY"), replies());
        assertArrayEquals(image, bootloader.hardware().flash().readAll("boot_a"));
    }

    @Test
    void refusesCommandsLongerThan64BytesAndOversizedDownloads() {
        send("getvar:" + "x".repeat(60));
        send("download:7fffffff");
        List<String> r = replies();
        assertTrue(r.get(0).startsWith("FAILcommand too long"), r.toString());
        assertTrue(r.get(1).startsWith("FAILdata too large"), r.toString());
    }

    @Test
    void rebootRepliesThenClosesThenActs() {
        send("reboot");
        assertEquals(List.of("OKAY"), replies());
        ch.runPendingTasks();
        assertFalse(ch.isOpen());
        assertEquals(List.of(PowerAction.REBOOT), actions);
    }

    @Test
    void badHandshakeClosesTheConnection() {
        EmbeddedChannel c = new EmbeddedChannel(new FastbootServerInitializer(bootloader, 1024, a -> {}));
        c.writeInbound(Unpooled.copiedBuffer("GET ", StandardCharsets.US_ASCII));
        assertFalse(c.isOpen());
    }
}
