package org.pmos.kernel.verity;

import java.io.IOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.pmos.image.ImageFormatException;
import org.pmos.image.VerifyResult;
import org.pmos.image.vbmeta.AvbFooter;
import org.pmos.image.vbmeta.ChainPartitionDescriptor;
import org.pmos.image.vbmeta.Descriptor;
import org.pmos.image.vbmeta.HashtreeDescriptor;
import org.pmos.image.vbmeta.KernelCmdlineDescriptor;
import org.pmos.image.vbmeta.VbmetaImage;
import org.pmos.image.vbmeta.VbmetaVerifier;
import org.pmos.kernel.hw.FlashStorage;

/**
 * The hand-over from verified boot to the kernel: the descriptors of the slot that booted,
 * read again from flash and accepted only if the vbmeta images hash to the
 * {@code vbmetaDigest} the bootloader verified (so a vbmeta flashed or edited after the boot
 * is refused, not trusted). Chained vbmeta images are followed as the slot verifier does.
 *
 * @param hashtrees hashtree descriptors by partition (without slot suffix)
 * @param cmdline the kernel command line from the vbmeta kernel command line descriptors
 */
public record VerifiedSlotDescriptors(List<HashtreeDescriptor> hashtrees, String cmdline) {
    private static final int MAX_VBMETA = 64 * 1024;

    public VerifiedSlotDescriptors {
        hashtrees = List.copyOf(hashtrees);
    }

    public Optional<HashtreeDescriptor> hashtree(String partition) {
        return hashtrees.stream().filter(d -> d.partitionName().equals(partition)).findFirst();
    }

    /** Reads the slot's vbmeta images; {@code Rejected(HASH_MISMATCH)} when they differ from what booted. */
    public static VerifyResult<VerifiedSlotDescriptors> load(FlashStorage flash, String suffix, String vbmetaDigestHex) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            List<HashtreeDescriptor> trees = new ArrayList<>();
            StringBuilder cmdline = new StringBuilder();
            VbmetaImage top = parse(vbmetaPartition(flash, "vbmeta" + suffix));
            md.update(top.blob());
            collect(top.descriptors(), trees, cmdline);
            for (Descriptor d : top.descriptors()) {
                if (d instanceof ChainPartitionDescriptor c) {
                    VbmetaImage chained = parse(chainedVbmeta(flash, name(flash, c.partitionName(), suffix)));
                    md.update(chained.blob());
                    collect(chained.descriptors(), trees, cmdline);
                }
            }
            if (!MessageDigest.isEqual(md.digest(), HexFormat.of().parseHex(vbmetaDigestHex))) {
                return VerifyResult.rejected(VerifyResult.Reason.HASH_MISMATCH,
                        "vbmeta" + suffix + " changed since verified boot");
            }
            return VerifyResult.ok(new VerifiedSlotDescriptors(trees, cmdline.toString().trim()));
        } catch (IOException | ImageFormatException | IllegalArgumentException e) {
            return VerifyResult.rejected(VerifyResult.Reason.INVALID_METADATA, "vbmeta" + suffix + ": " + e.getMessage());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void collect(List<Descriptor> ds, List<HashtreeDescriptor> trees, StringBuilder cmdline) {
        for (Descriptor d : ds) {
            if (d instanceof HashtreeDescriptor t) {
                trees.add(t);
            } else if (d instanceof KernelCmdlineDescriptor k) {
                cmdline.append(' ').append(k.cmdline());
            }
        }
    }

    private static VbmetaImage parse(byte[] blob) throws ImageFormatException {
        // The signature was checked at boot; the digest comparison proves these are the same bytes.
        VerifyResult<VbmetaVerifier.Verified> r = VbmetaVerifier.verify(blob);
        if (r instanceof VerifyResult.Ok<VbmetaVerifier.Verified> ok) {
            return ok.value().image();
        }
        throw new ImageFormatException(r.toString());
    }

    private static String name(FlashStorage flash, String base, String suffix) throws IOException {
        for (String candidate : List.of(base + suffix, base)) {
            if (flash.table().byFullName(candidate).isPresent()) {
                return candidate;
            }
        }
        throw new IOException("no partition " + base);
    }

    private static byte[] vbmetaPartition(FlashStorage flash, String name) throws IOException {
        long written = flash.writtenSize(name);
        return flash.read(name, 0, (int) Math.min(written, MAX_VBMETA));
    }

    private static byte[] chainedVbmeta(FlashStorage flash, String name) throws IOException, ImageFormatException {
        long written = flash.writtenSize(name);
        if (written < AvbFooter.SIZE) {
            throw new IOException(name + " is empty or truncated");
        }
        byte[] last = flash.read(name, written - AvbFooter.SIZE, AvbFooter.SIZE);
        if (!AvbFooter.present(last)) {
            return vbmetaPartition(flash, name);
        }
        AvbFooter footer = AvbFooter.parse(last, written);
        return flash.read(name, footer.vbmetaOffset(), Math.toIntExact(footer.vbmetaSize()));
    }
}
