package org.pmos.image.sparse;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.pmos.image.testing.ExternalTool;

/** Round trips against libsparse's own tools, both ways. */
class SparseInteropIT {
    @TempDir
    Path dir;

    static Stream<Integer> tails() {
        return IntStream.of(0, 100, 4092).boxed();
    }

    @ParameterizedTest(name = "tail {0}")
    @MethodSource("tails")
    void ourWriterIsByteIdenticalToImg2simg(int tail) throws Exception {
        ExternalTool img2simg = ExternalTool.require("img2simg");
        Path flat = dir.resolve("flat.img");
        Files.write(flat, SparseImages.mixed(tail, tail));
        img2simg.ok(flat.toString(), dir.resolve("theirs.simg").toString());
        ByteArrayOutputStream ours = new ByteArrayOutputStream();
        SparseWriter.write(flat, 4096, ours);
        assertArrayEquals(Files.readAllBytes(dir.resolve("theirs.simg")), ours.toByteArray());
    }

    @ParameterizedTest(name = "tail {0}")
    @MethodSource("tails")
    void simg2imgExpandsOurs(int tail) throws Exception {
        ExternalTool simg2img = ExternalTool.require("simg2img");
        byte[] flat = SparseImages.mixed(tail + 7, tail);
        Path s = dir.resolve("ours.simg");
        try (var out = Files.newOutputStream(s)) {
            SparseWriter.write(flat, 4096, out);
        }
        simg2img.ok(s.toString(), dir.resolve("back.img").toString());
        byte[] back = Files.readAllBytes(dir.resolve("back.img"));
        assertArrayEquals(flat, Arrays.copyOf(back, flat.length));
    }

    @ParameterizedTest(name = "tail {0}")
    @MethodSource("tails")
    void ourReaderExpandsImg2simg(int tail) throws Exception {
        ExternalTool img2simg = ExternalTool.require("img2simg");
        byte[] flat = SparseImages.mixed(tail + 3, tail);
        Path f = dir.resolve("flat.img");
        Files.write(f, flat);
        img2simg.ok(f.toString(), dir.resolve("theirs.simg").toString());
        ByteArrayOutputStream back = new ByteArrayOutputStream();
        try (InputStream in = Files.newInputStream(dir.resolve("theirs.simg"))) {
            SparseReader.expand(in, back, 1 << 30);
        }
        assertArrayEquals(flat, Arrays.copyOf(back.toByteArray(), flat.length));
    }
}
