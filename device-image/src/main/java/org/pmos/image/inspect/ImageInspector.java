package org.pmos.image.inspect;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import org.pmos.image.ImageFormatException;
import org.pmos.image.UnsupportedVersionException;
import org.pmos.image.VerifyResult.Reason;
import org.pmos.image.VerifyResult;
import org.pmos.image.bootimg.BootImage;
import org.pmos.image.erofs.ErofsImage;
import org.pmos.image.io.BlockSource;
import org.pmos.image.sparse.SparseHeader;
import org.pmos.image.sparse.SparseReader;
import org.pmos.image.sparse.SparseSink;
import org.pmos.image.vbmeta.AvbFooter;
import org.pmos.image.vbmeta.AvbPublicKey;
import org.pmos.image.vbmeta.Descriptor;
import org.pmos.image.vbmeta.FooterVbmeta;
import org.pmos.image.vbmeta.HashDescriptor;
import org.pmos.image.vbmeta.HashVerifier;
import org.pmos.image.vbmeta.HashtreeDescriptor;
import org.pmos.image.vbmeta.VbmetaHeader;
import org.pmos.image.vbmeta.VbmetaImage;
import org.pmos.image.vbmeta.VbmetaVerifier;
import org.pmos.image.verity.HashtreeVerifier;

/**
 * Says what a file holds and whether it verifies, for {@code pmos image inspect}: vbmeta
 * images (signature, optionally against a trusted key), partitions with AVB footers (boot:
 * hash, system: hash tree, EROFS content), boot images, EROFS images, sparse images, AVB
 * public keys and factory zips (manifest digests and the vbmeta chain over the images).
 * A partition's own footer is unsigned; its trust comes from vbmeta, which a factory zip
 * inspection checks.
 */
public final class ImageInspector {
    /** Largest file read into memory (vbmeta, boot); system images are read in place. */
    private static final long MAX_IN_MEMORY = 512L << 20;
    private static final int THREADS = Runtime.getRuntime().availableProcessors();
    /** Largest expanded sparse image inspected (non-zero fills take real disk space). */
    private static final long MAX_SPARSE_EXPANDED = 4L << 30;

    private ImageInspector() {}

    /** @param trustedKey if present, vbmeta must be signed by it (PUBLIC_KEY_REJECTED otherwise) */
    public static Inspection inspect(Path file, Optional<AvbPublicKey> trustedKey) throws IOException {
        long size = Files.size(file);
        byte[] head = new byte[(int) Math.min(size, 4096)];
        try (InputStream in = Files.newInputStream(file)) {
            in.readNBytes(head, 0, head.length);
        }
        try {
            if (startsWith(head, "PK\3\4")) {
                return factoryZip(file, trustedKey);
            }
            if (SparseHeader.hasMagic(head)) {
                return sparse(file, trustedKey);
            }
            if (startsWith(head, "AVB0")) {
                return vbmeta(read(file), trustedKey);
            }
            if (size >= AvbFooter.SIZE && hasFooter(file, size)) {
                return footerPartition(file, size);
            }
            if (startsWith(head, "ANDROID!")) {
                BootImage b = BootImage.parse(read(file));
                return new Inspection("Android boot image v3 (no AVB footer)", List.of(b.toString()),
                        VerifyResult.rejected(Reason.INVALID_METADATA, "no AVB footer: nothing to verify against"));
            }
            if (head.length >= 1028 && (head[1024] & 0xff) == 0xe2 && (head[1025] & 0xff) == 0xe1) {
                try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
                    return new Inspection("EROFS filesystem (no AVB footer)", erofs(BlockSource.of(ch, size)),
                            VerifyResult.rejected(Reason.INVALID_METADATA, "no AVB footer: nothing to verify against"));
                }
            }
            if (size == 520 || size == 1032 || size == 2056) {
                AvbPublicKey k = AvbPublicKey.parse(read(file));
                return new Inspection("AVB public key (avb_pkmd.bin / avb_custom_key)",
                        List.of("RSA-" + k.bits() + ", sha256 " + k.digestHex(), "YELLOW-state ID " + k.digestHex().substring(0, 8)),
                        VerifyResult.ok("well-formed AVB public key"));
            }
            return new Inspection("unrecognized file (" + size + " bytes)", List.of(),
                    VerifyResult.rejected(Reason.INVALID_METADATA, "not a vbmeta, boot, system, sparse, EROFS, key or factory zip file"));
        } catch (ImageFormatException e) {
            Reason reason = e instanceof UnsupportedVersionException ? Reason.UNSUPPORTED_VERSION : Reason.INVALID_METADATA;
            return new Inspection("malformed image", List.of(), VerifyResult.rejected(reason, e.getMessage()));
        }
    }

    private static boolean startsWith(byte[] b, String magic) {
        byte[] m = magic.getBytes(StandardCharsets.ISO_8859_1);
        return b.length >= m.length && Arrays.equals(b, 0, m.length, m, 0, m.length);
    }

    private static boolean hasFooter(Path file, long size) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            byte[] last = new byte[AvbFooter.SIZE];
            BlockSource.of(ch, size).read(size - AvbFooter.SIZE, last, 0, last.length);
            return AvbFooter.present(last);
        }
    }

    private static byte[] read(Path file) throws IOException, ImageFormatException {
        long size = Files.size(file);
        if (size > MAX_IN_MEMORY) {
            throw new ImageFormatException(file.getFileName() + ": " + size + " bytes is too large to inspect in memory");
        }
        return Files.readAllBytes(file);
    }

    static Inspection vbmeta(byte[] data, Optional<AvbPublicKey> trustedKey) {
        List<String> details = new ArrayList<>();
        try {
            describe(VbmetaImage.parse(data), details);
        } catch (ImageFormatException e) {
            details.add("unparseable: " + e.getMessage());
        }
        VerifyResult<VbmetaVerifier.Verified> r = trustedKey.isPresent()
                ? VbmetaVerifier.verify(data, trustedKey.get()) : VbmetaVerifier.verify(data);
        VerifyResult<String> verdict;
        if (r instanceof VerifyResult.Ok<VbmetaVerifier.Verified> ok) {
            verdict = VerifyResult.ok("signature valid, signed by " + ok.value().key()
                    + (trustedKey.isPresent() ? " (the trusted key)" : " (no trusted key given: pass --key to check it)"));
        } else {
            VerifyResult.Rejected<VbmetaVerifier.Verified> rej = (VerifyResult.Rejected<VbmetaVerifier.Verified>) r;
            verdict = VerifyResult.rejected(rej.reason(), rej.detail());
        }
        return new Inspection("AVB vbmeta image", details, verdict);
    }

    private static void describe(VbmetaImage v, List<String> out) {
        VbmetaHeader h = v.header();
        out.add("libavb " + h.requiredLibavbVersionMajor() + "." + h.requiredLibavbVersionMinor() + ", algorithm "
                + (h.algorithm() == null ? "unknown(" + h.algorithmType() + ")" : h.algorithm()) + ", release '" + h.releaseString() + "'");
        out.add("rollback index " + h.rollbackIndex() + " at location " + h.rollbackIndexLocation() + ", flags " + h.flags());
        out.add("vbmeta digest (sha256) " + HexFormat.of().formatHex(Sha256.of(v.blob())));
        for (Descriptor d : v.descriptors()) {
            out.add(d.toString());
        }
    }

    private static Inspection footerPartition(Path file, long size) throws IOException, ImageFormatException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            BlockSource src = BlockSource.of(ch, size);
            FooterVbmeta fv = FooterVbmeta.read(src);
            AvbFooter f = fv.footer();
            VbmetaImage v = fv.vbmeta();
            List<String> details = new ArrayList<>();
            details.add("partition " + size + " bytes, original image " + f.originalImageSize() + " bytes, footer vbmeta at "
                    + f.vbmetaOffset() + " (" + f.vbmetaSize() + " bytes, " + v.header().algorithm() + ")");
            describe(v, details);
            List<HashtreeDescriptor> trees = v.descriptors(HashtreeDescriptor.class);
            List<HashDescriptor> hashes = v.descriptors(HashDescriptor.class);
            if (trees.size() == 1 && hashes.isEmpty()) {
                HashtreeDescriptor d = trees.get(0);
                details.addAll(erofs(src));
                details.add("veritysetup verify " + file + " " + file + " " + HexFormat.of().formatHex(d.rootDigest()) + " "
                        + String.join(" ", d.veritysetupOptions()));
                return new Inspection("partition image with AVB hashtree footer: " + d.partitionName(), details,
                        map(HashtreeVerifier.verify(d, src, THREADS), "hash tree and root digest match the data"));
            }
            if (hashes.size() == 1 && trees.isEmpty()) {
                HashDescriptor d = hashes.get(0);
                byte[] data = read(file);
                try {
                    details.add(BootImage.parse(data).toString());
                } catch (ImageFormatException e) {
                    details.add("not a boot image v3: " + e.getMessage());
                }
                return new Inspection("partition image with AVB hash footer: " + d.partitionName(), details,
                        map(HashVerifier.verify(d, data), "digest matches the data"));
            }
            return new Inspection("partition image with AVB footer", details,
                    VerifyResult.rejected(Reason.INVALID_METADATA, "footer vbmeta must hold exactly one hash or hashtree descriptor"));
        }
    }

    private static List<String> erofs(BlockSource src) {
        try {
            ErofsImage e = ErofsImage.open(src);
            var all = e.walk(src.size(), 1 << 20);
            long files = all.values().stream().filter(n -> n instanceof ErofsImage.FileNode).count();
            List<String> out = new ArrayList<>();
            out.add("EROFS '" + e.volumeName() + "', " + e.size() + " bytes, " + files + " files, " + all.size() + " entries");
            for (var entry : all.entrySet()) {
                if (entry.getValue() instanceof ErofsImage.FileNode f) {
                    out.add("  " + entry.getKey() + " (" + f.content().length + " bytes, sha256 "
                            + HexFormat.of().formatHex(Sha256.of(f.content())).substring(0, 16) + "...)");
                }
            }
            return out;
        } catch (IOException | ImageFormatException ex) {
            return List.of("no readable EROFS filesystem: " + ex.getMessage());
        }
    }

    private static <T> VerifyResult<String> map(VerifyResult<T> r, String okText) {
        if (r instanceof VerifyResult.Rejected<T> rej) {
            return VerifyResult.rejected(rej.reason(), rej.detail());
        }
        return VerifyResult.ok(okText);
    }

    /** Expands the sparse image into a temporary file and inspects what it holds. */
    private static Inspection sparse(Path file, Optional<AvbPublicKey> trustedKey) throws IOException, ImageFormatException {
        Path flat = Files.createTempFile("pmos-inspect-", ".img");
        try {
            SparseHeader h;
            try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
                    FileChannel out = FileChannel.open(flat, StandardOpenOption.WRITE)) {
                h = SparseReader.read(in, MAX_SPARSE_EXPANDED, new HoleSink(out));
                out.truncate(h.imageSize());
                if (out.size() < h.imageSize()) {
                    out.write(ByteBuffer.allocate(1), h.imageSize() - 1); // a trailing hole
                }
            }
            Inspection inner = inspect(flat, trustedKey);
            List<String> details = new ArrayList<>();
            details.add("Android sparse image: block size " + h.blockSize() + ", " + h.totalBlocks() + " blocks ("
                    + h.imageSize() + " bytes expanded), " + h.totalChunks() + " chunks; expanded, it holds:");
            details.add(inner.kind());
            details.addAll(inner.details());
            return new Inspection("Android sparse image of: " + inner.kind(), details, inner.verdict());
        } finally {
            Files.deleteIfExists(flat);
        }
    }

    /** Writes data and fills at their offsets; DONT_CARE and zero fills stay holes in the file. */
    private static final class HoleSink implements SparseSink {
        private final FileChannel out;

        HoleSink(FileChannel out) {
            this.out = out;
        }

        @Override
        public void data(long offset, byte[] buf, int off, int len) throws IOException {
            ByteBuffer b = ByteBuffer.wrap(buf, off, len);
            for (long p = offset; b.hasRemaining(); ) {
                p += out.write(b, p);
            }
        }

        @Override
        public void fill(long offset, long length, int pattern) throws IOException {
            if (pattern == 0) {
                return;
            }
            byte[] chunk = new byte[1 << 16];
            ByteBuffer.wrap(chunk).order(ByteOrder.LITTLE_ENDIAN).asIntBuffer().put(repeat(pattern, chunk.length / 4));
            for (long done = 0; done < length; done += chunk.length) {
                data(offset + done, chunk, 0, (int) Math.min(chunk.length, length - done));
            }
        }

        @Override
        public void skip(long offset, long length) {
            // a hole reads as zeros
        }

        private static int[] repeat(int v, int n) {
            int[] a = new int[n];
            Arrays.fill(a, v);
            return a;
        }
    }

    private static Inspection factoryZip(Path file, Optional<AvbPublicKey> trustedKey) throws IOException, ImageFormatException {
        List<String> details = new ArrayList<>();
        Path tmp = Files.createTempDirectory("pmos-inspect-");
        try (ZipFile zip = new ZipFile(file.toFile())) {
            Map<String, String> digests = new LinkedHashMap<>();
            int n = 0;
            for (ZipEntry e : Collections.list(zip.entries())) {
                if (++n > 64) {
                    throw new ImageFormatException("factory zip: more than 64 entries");
                }
                String name = e.getName();
                if (!name.matches("[A-Za-z0-9_.-]{1,64}")) {
                    throw new ImageFormatException("factory zip: unexpected entry name " + name);
                }
                MessageDigest md = Sha256.digest();
                try (InputStream in = new DigestInputStream(zip.getInputStream(e), md)) {
                    Files.copy(in, tmp.resolve(name));
                }
                digests.put(name, HexFormat.of().formatHex(md.digest()));
                details.add(name + " (" + Files.size(tmp.resolve(name)) + " bytes)");
            }
            for (String required : List.of("android-info.txt", "SHA256SUMS", "vbmeta.img", "boot.img", "system.img")) {
                if (!digests.containsKey(required)) {
                    return new Inspection("factory zip", details, VerifyResult.rejected(Reason.INVALID_METADATA, "missing " + required));
                }
            }
            details.add("android-info.txt: " + Files.readString(tmp.resolve("android-info.txt")).strip());
            for (String line : Files.readAllLines(tmp.resolve("SHA256SUMS"))) {
                String[] parts = line.split("  ", 2);
                if (parts.length != 2 || !digests.containsKey(parts[1])) {
                    return new Inspection("factory zip", details, VerifyResult.rejected(Reason.INVALID_METADATA, "bad SHA256SUMS line: " + line));
                }
                if (!MessageDigest.isEqual(parts[0].getBytes(StandardCharsets.US_ASCII), digests.get(parts[1]).getBytes(StandardCharsets.US_ASCII))) {
                    return new Inspection("factory zip", details, VerifyResult.rejected(Reason.HASH_MISMATCH, parts[1] + " does not match SHA256SUMS"));
                }
            }
            Inspection vb = vbmeta(read(tmp.resolve("vbmeta.img")), trustedKey);
            details.addAll(vb.details());
            if (vb.verdict() instanceof VerifyResult.Rejected<String>) {
                return new Inspection("factory zip", details, vb.verdict());
            }
            VbmetaImage v = VbmetaImage.parse(read(tmp.resolve("vbmeta.img")));
            for (Descriptor d : v.descriptors()) {
                String name = d instanceof HashDescriptor h ? h.partitionName()
                        : d instanceof HashtreeDescriptor t ? t.partitionName() : "ok";
                if (!name.matches("[a-z0-9_]{1,32}")) {
                    throw new ImageFormatException("factory zip: vbmeta names an odd partition " + name);
                }
            }
            for (HashDescriptor d : v.descriptors(HashDescriptor.class)) {
                VerifyResult<HashDescriptor> r = HashVerifier.verify(d, read(tmp.resolve(d.partitionName() + ".img")));
                if (r instanceof VerifyResult.Rejected<HashDescriptor> rej) {
                    return new Inspection("factory zip", details, VerifyResult.rejected(rej.reason(), rej.detail()));
                }
            }
            for (HashtreeDescriptor d : v.descriptors(HashtreeDescriptor.class)) {
                Path img = tmp.resolve(d.partitionName() + ".img");
                try (FileChannel ch = FileChannel.open(img, StandardOpenOption.READ)) {
                    VerifyResult<HashtreeDescriptor> r = HashtreeVerifier.verify(d, BlockSource.of(ch, ch.size()), THREADS);
                    if (r instanceof VerifyResult.Rejected<HashtreeDescriptor> rej) {
                        return new Inspection("factory zip", details, VerifyResult.rejected(rej.reason(), rej.detail()));
                    }
                }
            }
            return new Inspection("factory zip (fastboot update)", details,
                    VerifyResult.ok("SHA256SUMS match; " + ((VerifyResult.Ok<String>) vb.verdict()).value()
                            + "; boot and system match the vbmeta descriptors"));
        } catch (ZipException | NoSuchFileException e) {
            throw new ImageFormatException("factory zip: " + e.getMessage());
        } finally {
            try (var walk = Files.walk(tmp)) {
                for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    private static final class Sha256 {
        static MessageDigest digest() {
            try {
                return MessageDigest.getInstance("SHA-256");
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }

        static byte[] of(byte[] b) {
            return digest().digest(b);
        }
    }
}
