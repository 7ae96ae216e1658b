package org.pmos.image.testing;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.util.Map;
import java.util.Optional;
import org.pmos.image.builder.ImageSpec;
import org.pmos.image.builder.SigningKey;
import org.pmos.image.erofs.FileContent;

/** Shared fixtures for builder and inspector tests: the AOSP RSA-4096 test key, a small spec, a few system files. */
public final class TestImages {
    private TestImages() {}

    public static SigningKey testKey() throws Exception {
        KeyPair kp = AvbTestData.keyPair("testkey_rsa4096");
        return SigningKey.of(kp.getPrivate(), kp.getPublic());
    }

    public static Map<String, FileContent> apps() {
        return Map.of("priv-app/PoliceChat/PoliceChat.apk", FileContent.of("not really an apk".getBytes(StandardCharsets.UTF_8)),
                "etc/security/trust_anchors.pem", FileContent.of("-----BEGIN CERTIFICATE-----\n".getBytes(StandardCharsets.UTF_8)));
    }

    /** The default spec with 1 MiB boot and 2 MiB system partitions, rollback index 3 at location 1. */
    public static ImageSpec smallSpec() {
        ImageSpec d = ImageSpec.defaultSpec();
        return new ImageSpec(d.product(), d.board(), d.version(), d.securityPatch(), 3, 1, d.timestamp(), 1 << 20, 2 << 20,
                d.kernel(), d.ramdisk(), d.cmdline(), d.osVersion(), d.properties(), d.systemFiles(), Optional.empty());
    }
}
