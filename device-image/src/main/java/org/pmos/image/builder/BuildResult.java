package org.pmos.image.builder;

import java.nio.file.Path;
import java.util.Map;

/**
 * What {@link ImageBuilder#build} produced in the output folder: the files, the SHA-256 of each
 * image (empty when factory.zip was skipped), the vbmeta digest ({@code androidboot.vbmeta.digest}) and the AVB public key digest.
 */
public record BuildResult(Path outDir, Map<String, String> imageSha256, String vbmetaDigest, String publicKeyDigest,
        String systemRootDigest) {
    public static final String SYSTEM = "system.img";
    public static final String BOOT = "boot.img";
    public static final String VBMETA = "vbmeta.img";
    public static final String FACTORY_ZIP = "factory.zip";
    public static final String AVB_PKMD = "avb_pkmd.bin";

    public Path file(String name) {
        return outDir.resolve(name);
    }
}
