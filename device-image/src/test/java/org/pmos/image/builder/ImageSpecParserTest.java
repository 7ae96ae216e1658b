package org.pmos.image.builder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageSpecParserTest {
    @TempDir
    Path dir;

    ImageSpec parse(String yaml) throws Exception {
        Path f = dir.resolve("image.yaml");
        Files.writeString(f, yaml);
        return ImageSpecParser.parse(f);
    }

    @Test
    void defaultSpecHasPlaceholdersForOtherModules() {
        ImageSpec d = ImageSpec.defaultSpec();
        assertEquals("zte_p1", d.product());
        assertEquals(64L << 20, d.systemPartitionSize());
        assertInstanceOf(FileSource.Placeholder.class, d.systemFiles().get("etc/security/trust_anchors.pem"));
        assertInstanceOf(FileSource.Placeholder.class, d.systemFiles().get("etc/selinux/mac_policy.bin"));
        assertFalse(d.systemFiles().containsKey("priv-app/PoliceChat/PoliceChat.apk"), "apps come from --apk, not placeholders");
        assertEquals(32, d.saltFor("system").length);
        assertNotEquals(HexFormat.of().formatHex(d.saltFor("system")), HexFormat.of().formatHex(d.saltFor("boot")));
    }

    @Test
    void readsAllKeys() throws Exception {
        ImageSpec s = parse("""
                product: test_dev
                version: 2.0-rc1
                securityPatch: 2027-01-05
                rollbackIndex: 7
                rollbackIndexLocation: 2
                timestamp: 1800000000
                salt: 0a0b
                partitions: {boot: 2MiB, system: 16777216}
                boot: {kernel: {text: kernel}, cmdline: "quiet", osVersion: "15.0.0"}
                properties: {com.pmos.site: north}
                system:
                  etc/a.txt: {text: hello}
                  etc/b.bin: {file: b.bin}
                """);
        assertEquals("test_dev", s.board());
        assertEquals(7, s.rollbackIndex());
        assertEquals(2 << 20, s.bootPartitionSize());
        assertEquals(16 << 20, s.systemPartitionSize());
        assertEquals("0a0b", HexFormat.of().formatHex(s.saltFor("system")));
        assertEquals(dir.resolve("b.bin"), ((FileSource.FromFile) s.systemFiles().get("etc/b.bin")).path());
        assertEquals("quiet", s.cmdline());
        assertInstanceOf(FileSource.Placeholder.class, s.ramdisk());
    }

    @Test
    void errorsNameTheProblem() {
        assertMessage("systen: {}\n", "unknown key 'systen'");
        assertMessage("partitions: {system: 64MB}\n", "partitions.system must be a size");
        assertMessage("properties: {ro.debuggable: 1}\n", "com.pmos.*");
        assertMessage("rollbackIndex: -1\n", "rollbackIndex must be >= 0");
        assertMessage("system: {a: {url: x}}\n", "unknown source 'url'");
        assertMessage("product: [a]\n", "product must be a single value");
        assertMessage(": : :\n", "not valid YAML");
    }

    void assertMessage(String yaml, String expected) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> parse(yaml));
        assertTrue(e.getMessage().contains(expected), () -> "expected '" + expected + "' in: " + e.getMessage());
    }
}
