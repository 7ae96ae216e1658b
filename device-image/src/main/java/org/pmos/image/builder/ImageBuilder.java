package org.pmos.image.builder;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicReference;
import org.pmos.image.bootimg.BootImage;
import org.pmos.image.erofs.ErofsWriter;
import org.pmos.image.erofs.FileContent;
import org.pmos.crypto.io.AtomicFiles;
import org.pmos.image.vbmeta.AvbAlgorithm;
import org.pmos.image.vbmeta.HashDescriptor;
import org.pmos.image.vbmeta.HashtreeDescriptor;
import org.pmos.image.vbmeta.PropertyDescriptor;
import org.pmos.image.vbmeta.VbmetaBuilder;
import org.pmos.image.verity.Hashtree;
import org.pmos.image.verity.HashtreeBuilder;
import org.pmos.image.verity.StreamingHashtree;

/**
 * Builds the signed image set from an {@link ImageSpec}, the system files given by the caller
 * and the image signing key:
 * <ul>
 *   <li>{@code system.img}: EROFS + dm-verity hash tree + AVB hashtree footer (partition size);
 *   <li>{@code boot.img}: boot image v3 + AVB hash footer (partition size);
 *   <li>{@code vbmeta.img}: SHA256_RSA4096, hash descriptor of boot, hashtree descriptor of
 *       system, {@code com.pmos.*} properties, rollback index and location (padded to 4 KiB);
 *   <li>{@code factory.zip}: for {@code fastboot update}, see {@link FactoryZip};
 *   <li>{@code avb_pkmd.bin}: the AVB public key, for {@code fastboot flash avb_custom_key}.
 * </ul>
 * Everything is built in a staging folder beside {@code outDir} and moved into place only when
 * complete; on failure the staging folder is removed and {@code outDir} is untouched. The same
 * spec, files and key give byte-identical output. The system image is hashed while it is written
 * ({@link HashingImageWriter}): its files are read once and the image is never read back.
 */
public final class ImageBuilder {
    private static final int PAD = 4096;

    private final int threads;
    private final boolean factoryZip;

    public ImageBuilder() {
        this(Runtime.getRuntime().availableProcessors());
    }

    /** @param threads worker threads for the hash tree */
    public ImageBuilder(int threads) {
        this(threads, true);
    }

    private ImageBuilder(int threads, boolean factoryZip) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1");
        }
        this.threads = threads;
        this.factoryZip = factoryZip;
    }

    /** A builder that also writes (true, the default) or skips {@code factory.zip} (it reads every image once more). */
    public ImageBuilder withFactoryZip(boolean enabled) {
        return new ImageBuilder(threads, enabled);
    }

    /**
     * Builds into {@code outDir} (created if missing; existing files of the same names are replaced).
     *
     * @param systemFiles files for the system image by path, added to and overriding the spec's
     * @throws IllegalArgumentException for bad input (a partition that outgrows its size, bad paths)
     * @throws IOException for I/O failures, including a missing source file
     */
    public BuildResult build(ImageSpec spec, Map<String, FileContent> systemFiles, SigningKey key, Path outDir,
            BuildProgress progress) throws IOException {
        Path target = outDir.toAbsolutePath().normalize();
        Path parent = target.getParent();
        Files.createDirectories(parent);
        Path staging = Files.createTempDirectory(parent, "." + target.getFileName() + ".staging-");
        try {
            BuildResult staged = buildInto(spec, systemFiles, key, staging, progress);
            publish(staging, target);
            progress.step("done: " + target);
            return new BuildResult(target, staged.imageSha256(), staged.vbmetaDigest(), staged.publicKeyDigest(),
                    staged.systemRootDigest());
        } finally {
            deleteRecursively(staging);
        }
    }

    private BuildResult buildInto(ImageSpec spec, Map<String, FileContent> extra, SigningKey key, Path dir,
            BuildProgress progress) throws IOException {
        HashtreeDescriptor system = buildSystem(spec, extra, dir.resolve(BuildResult.SYSTEM), progress);
        HashDescriptor boot = buildBoot(spec, dir.resolve(BuildResult.BOOT), progress);

        progress.step("vbmeta.img: signing with SHA256_RSA4096, key " + key.avbPublicKey().digestHex().substring(0, 8));
        VbmetaBuilder vb = new VbmetaBuilder()
                .signWith(AvbAlgorithm.SHA256_RSA4096, key.privateKey(), key.avbPublicKey())
                .rollbackIndex(spec.rollbackIndex())
                .rollbackIndexLocation(spec.rollbackIndexLocation());
        for (Map.Entry<String, String> p : properties(spec).entrySet()) {
            vb.add(PropertyDescriptor.of(p.getKey(), p.getValue()));
        }
        vb.add(boot).add(system);
        byte[] vbmeta = vb.build();
        byte[] padded = Arrays.copyOf(vbmeta, (vbmeta.length + PAD - 1) / PAD * PAD);
        write(dir.resolve(BuildResult.VBMETA), padded);
        write(dir.resolve(BuildResult.AVB_PKMD), key.avbPublicKey().encoded());

        AtomicReference<Map<String, String>> digests = new AtomicReference<>(Map.of());
        if (factoryZip) {
            progress.step("factory.zip: android-info.txt (board " + spec.board() + "), images, SHA256SUMS");
            List<Path> images = List.of(dir.resolve(BuildResult.BOOT), dir.resolve(BuildResult.SYSTEM), dir.resolve(BuildResult.VBMETA));
            AtomicFiles.write(dir.resolve(BuildResult.FACTORY_ZIP),
                    out -> digests.set(FactoryZip.write(out, spec.board(), images, spec.timestamp())));
        }
        String vbmetaDigest = HexFormat.of().formatHex(FactoryZip.sha256().digest(vbmeta));
        return new BuildResult(dir, Map.copyOf(digests.get()), vbmetaDigest, key.avbPublicKey().digestHex(),
                HexFormat.of().formatHex(system.rootDigest()));
    }

    /** vbmeta properties: the spec's plus the build facts a handset reports. */
    static SortedMap<String, String> properties(ImageSpec spec) {
        SortedMap<String, String> p = new TreeMap<>(spec.properties());
        p.put("com.pmos.build.version", spec.version());
        p.put("com.pmos.build.security_patch", spec.securityPatch());
        p.put("com.pmos.product", spec.product());
        return p;
    }

    private HashtreeDescriptor buildSystem(ImageSpec spec, Map<String, FileContent> extra, Path file, BuildProgress progress)
            throws IOException {
        ErofsWriter erofs = new ErofsWriter().epochSeconds(spec.timestamp()).volumeName("system");
        SortedMap<String, FileContent> files = new TreeMap<>();
        for (Map.Entry<String, FileSource> e : spec.systemFiles().entrySet()) {
            files.put(e.getKey(), e.getValue().content());
        }
        files.putAll(extra);
        files.putIfAbsent("build.prop", FileContent.of(BuildProp.of(spec)));
        for (Map.Entry<String, FileContent> e : files.entrySet()) {
            erofs.addFile(e.getKey(), e.getValue(), 0644);
        }
        long size = erofs.imageSize();
        long max = AvbFooterWriter.maxHashtreeImageSize(spec.systemPartitionSize());
        if (size > max) {
            throw new IllegalArgumentException("system: EROFS image of " + size + " bytes exceeds the maximum of " + max
                    + " for the " + spec.systemPartitionSize() + "-byte system partition");
        }
        progress.step("system.img: EROFS " + mib(size) + ", " + files.size() + " files, hashed while written");
        StreamingHashtree tree = new HashtreeBuilder("sha256", 4096, threads).streaming(size, spec.saltFor("system"));
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
                HashingImageWriter writer = new HashingImageWriter(ch, tree, threads)) {
            erofs.write(writer);
            Hashtree t = writer.finish();
            HashtreeDescriptor d = AvbFooterWriter.appendHashtreeFooter(ch, t, spec.systemPartitionSize(), "system");
            ch.force(true);
            progress.step("system.img: hash tree " + mib(t.treeSize()) + ", root " + t.rootDigestHex());
            return d;
        }
    }

    private HashDescriptor buildBoot(ImageSpec spec, Path file, BuildProgress progress) throws IOException {
        long limit = spec.bootPartitionSize();
        byte[] kernel = read(spec.kernel().content(), limit, "boot: kernel");
        byte[] ramdisk = read(spec.ramdisk().content(), limit, "boot: ramdisk");
        BootImage img = new BootImage(kernel, ramdisk, spec.cmdline(),
                BootImage.osVersion(spec.osVersion(), spec.securityPatch()));
        AvbFooterWriter.HashFooterResult r = AvbFooterWriter.addHashFooter(img.encode(), spec.bootPartitionSize(), "boot",
                spec.saltFor("boot"));
        write(file, r.partition());
        progress.step("boot.img: header v3, kernel " + kernel.length + " B, ramdisk " + ramdisk.length + " B, hash footer");
        return r.descriptor();
    }

    private static byte[] read(FileContent c, long limit, String what) throws IOException {
        if (c.size() > limit) {
            throw new IllegalArgumentException(what + " of " + c.size() + " bytes exceeds the " + limit + "-byte partition");
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream((int) c.size());
        c.writeTo(out);
        return out.toByteArray();
    }

    private static void write(Path file, byte[] data) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            ch.write(ByteBuffer.wrap(data));
            ch.force(true);
        }
    }

    /** Moves the staged files into {@code target}: one atomic rename of the folder when possible. */
    private static void publish(Path staging, Path target) throws IOException {
        // Temp files and folders are created private; the images are meant to be shared.
        if (Files.getFileStore(staging).supportsFileAttributeView("posix")) {
            try (DirectoryStream<Path> files = Files.newDirectoryStream(staging)) {
                for (Path f : files) {
                    Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-r--r--"));
                }
            }
            Files.setPosixFilePermissions(staging, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        if (!Files.exists(target)) {
            AtomicFiles.commit(staging, target);
            return;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(staging)) {
            List<Path> all = new ArrayList<>();
            files.forEach(all::add);
            for (Path f : all) {
                AtomicFiles.commit(f, target.resolve(f.getFileName()));
            }
        }
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (var walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    private static String mib(long bytes) {
        return String.format(Locale.ROOT, "%.1f MiB", bytes / 1048576.0);
    }
}
