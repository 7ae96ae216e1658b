package org.pmos.kernel.avb;

import java.io.IOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.pmos.image.ImageFormatException;
import org.pmos.image.VerifyResult;
import org.pmos.image.io.BlockSource;
import org.pmos.image.vbmeta.AvbFooter;
import org.pmos.image.vbmeta.AvbPublicKey;
import org.pmos.image.vbmeta.ChainPartitionDescriptor;
import org.pmos.image.vbmeta.Descriptor;
import org.pmos.image.vbmeta.HashDescriptor;
import org.pmos.image.vbmeta.HashVerifier;
import org.pmos.image.vbmeta.HashtreeDescriptor;
import org.pmos.image.vbmeta.VbmetaHeader;
import org.pmos.image.vbmeta.VbmetaImage;
import org.pmos.image.vbmeta.VbmetaVerifier;
import org.pmos.image.verity.HashtreeVerifier;

/**
 * Verifies one A/B slot as libavb's {@code avb_slot_verify} does, reading only through
 * {@link VerifyOps}: the slot's {@code vbmeta} (signature, trusted key, rollback index),
 * then every descriptor: hash descriptors against the whole partition, hashtree descriptors
 * against the data and the stored tree, chain descriptors by loading the chained vbmeta
 * (from the partition's footer, or from offset 0 of a vbmeta partition) and checking it is
 * signed by the key the chain descriptor names. The first failure is the result; the
 * {@code Ok} verdict is built only after every check passed.
 *
 * <p>Parsing and signature checks are device-image's ({@link VbmetaVerifier},
 * {@link HashVerifier}, {@link HashtreeVerifier}); this class is the policy around them.
 */
public final class SlotVerifier {
    private static final int MAX_VBMETA = (int) AvbFooter.MAX_VBMETA_SIZE;
    /** Hash descriptors cover boot-sized partitions, hashed in memory; larger ones need a hashtree. */
    private static final long MAX_HASHED_IMAGE = 256L << 20;
    private static final int VERITY_THREADS = Math.max(1, Runtime.getRuntime().availableProcessors());

    private SlotVerifier() {}

    /** A check failed: carries the result out of the nested checks (never escapes this class). */
    private static final class Refused extends Exception {
        final SlotVerifyResult.Reason reason;

        Refused(SlotVerifyResult.Reason reason, String detail) {
            super(detail, null, false, false);
            this.reason = reason;
        }
    }

    /** Verifies the slot with suffix {@code "_a"} or {@code "_b"}. */
    public static SlotVerifyResult verify(VerifyOps ops, String slotSuffix) {
        try {
            return verifyOrRefuse(ops, slotSuffix);
        } catch (Refused r) {
            return new SlotVerifyResult.Rejected(r.reason, r.getMessage());
        } catch (IOException e) {
            return new SlotVerifyResult.Rejected(SlotVerifyResult.Reason.IO, e.getMessage());
        } catch (RuntimeException e) {
            // Hostile input that a parser did not anticipate: fail closed, say where.
            return new SlotVerifyResult.Rejected(SlotVerifyResult.Reason.INVALID_METADATA,
                    "unexpected " + e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }

    private static SlotVerifyResult verifyOrRefuse(VerifyOps ops, String suffix) throws Refused, IOException {
        String vbmetaName = "vbmeta" + suffix;
        byte[] top = readVbmetaPartition(ops, vbmetaName);
        VbmetaVerifier.Verified verified = checked(vbmetaName, VbmetaVerifier.verify(top), true);
        VbmetaImage image = verified.image();
        KeyOrigin origin = ops.validateVbmetaPublicKey(image.publicKey());
        if (origin == KeyOrigin.UNTRUSTED) {
            throw new Refused(SlotVerifyResult.Reason.KEY_REJECTED, vbmetaName + ": signed by " + verified.key()
                    + ", which is neither the OEM key nor the custom key");
        }
        Map<Integer, Long> rollback = new LinkedHashMap<>();
        checkRollback(ops, vbmetaName, image.header(), rollback);
        boolean verificationDisabled = (image.header().flags() & VbmetaHeader.FLAG_VERIFICATION_DISABLED) != 0;
        if (image.header().flags() != 0 && !ops.isUnlocked()) {
            throw new Refused(SlotVerifyResult.Reason.INVALID_METADATA, vbmetaName
                    + ": verification or dm-verity disabled by vbmeta flags " + image.header().flags()
                    + ", refused on a locked handset");
        }
        MessageDigest vbmetaDigest = sha256();
        vbmetaDigest.update(image.blob());
        if (!verificationDisabled) {
            checkDescriptors(ops, suffix, image.descriptors(), rollback, vbmetaDigest, true);
        }
        return new SlotVerifyResult.Ok(origin, verified.key().digestHex(), rollback,
                HexFormat.of().formatHex(vbmetaDigest.digest()));
    }

    private static void checkDescriptors(VerifyOps ops, String suffix, List<Descriptor> descriptors,
                                         Map<Integer, Long> rollback, MessageDigest vbmetaDigest, boolean topLevel)
            throws Refused, IOException {
        for (Descriptor d : descriptors) {
            if (d instanceof HashDescriptor h) {
                checkHash(ops, partitionName(ops, h.partitionName(), suffix), h);
            } else if (d instanceof HashtreeDescriptor t) {
                String name = partitionName(ops, t.partitionName(), suffix);
                checked(name, HashtreeVerifier.verify(t, source(ops, name), VERITY_THREADS), false);
            } else if (d instanceof ChainPartitionDescriptor c) {
                if (!topLevel) {
                    throw new Refused(SlotVerifyResult.Reason.INVALID_METADATA,
                            c.partitionName() + ": chain descriptor inside a chained vbmeta");
                }
                checkChain(ops, suffix, c, rollback, vbmetaDigest);
            }
            // Property and kernel command line descriptors carry no integrity claim of their own.
        }
    }

    private static void checkHash(VerifyOps ops, String name, HashDescriptor h) throws Refused, IOException {
        long written = ops.writtenSize(name);
        if (h.imageSize() > MAX_HASHED_IMAGE) {
            throw new Refused(SlotVerifyResult.Reason.INVALID_METADATA, name + ": hash descriptor covers "
                    + h.imageSize() + " bytes, more than " + MAX_HASHED_IMAGE);
        }
        if (written < h.imageSize()) {
            throw new Refused(SlotVerifyResult.Reason.INVALID_METADATA, name + ": truncated: " + written
                    + " bytes written, the descriptor covers " + h.imageSize());
        }
        byte[] data = ops.readPartition(name, 0, (int) h.imageSize());
        checked(name, HashVerifier.verify(h, data), false);
    }

    private static void checkChain(VerifyOps ops, String suffix, ChainPartitionDescriptor c,
                                   Map<Integer, Long> rollback, MessageDigest vbmetaDigest) throws Refused, IOException {
        String name = partitionName(ops, c.partitionName(), suffix);
        AvbPublicKey expected;
        try {
            expected = AvbPublicKey.parse(c.publicKey());
        } catch (ImageFormatException e) {
            throw new Refused(SlotVerifyResult.Reason.INVALID_METADATA, name + ": chain descriptor key: " + e.getMessage());
        }
        byte[] blob = readChainedVbmeta(ops, name);
        VbmetaImage chained = checked(name, VbmetaVerifier.verify(blob, expected), true).image();
        if (chained.header().rollbackIndexLocation() != c.rollbackIndexLocation()) {
            throw new Refused(SlotVerifyResult.Reason.INVALID_METADATA, name + ": rollback index location "
                    + chained.header().rollbackIndexLocation() + " differs from the chain descriptor's "
                    + c.rollbackIndexLocation());
        }
        checkRollback(ops, name, chained.header(), rollback);
        vbmetaDigest.update(chained.blob());
        checkDescriptors(ops, suffix, chained.descriptors(), rollback, vbmetaDigest, false);
    }

    private static void checkRollback(VerifyOps ops, String name, VbmetaHeader h, Map<Integer, Long> rollback)
            throws Refused {
        int location = h.rollbackIndexLocation();
        if (location < 0 || location >= 32) {
            throw new Refused(SlotVerifyResult.Reason.INVALID_METADATA, name + ": rollback index location " + location);
        }
        long stored = ops.readRollbackIndex(location);
        if (Long.compareUnsigned(h.rollbackIndex(), stored) < 0) {
            throw new Refused(SlotVerifyResult.Reason.ROLLBACK, name + ": rollback index "
                    + Long.toUnsignedString(h.rollbackIndex()) + " is older than the stored " + stored
                    + " at location " + location);
        }
        if (rollback.containsKey(location)) {
            throw new Refused(SlotVerifyResult.Reason.INVALID_METADATA, name + ": rollback index location "
                    + location + " used twice");
        }
        rollback.put(location, h.rollbackIndex());
    }

    /** A vbmeta partition: at most 64 KiB, read from offset 0. */
    private static byte[] readVbmetaPartition(VerifyOps ops, String name) throws Refused, IOException {
        long written = ops.writtenSize(name);
        if (written == 0) {
            throw new Refused(SlotVerifyResult.Reason.INVALID_METADATA, name + " is empty");
        }
        return ops.readPartition(name, 0, (int) Math.min(written, MAX_VBMETA));
    }

    /** The vbmeta behind a partition's AVB footer, or at offset 0 of a vbmeta partition. */
    private static byte[] readChainedVbmeta(VerifyOps ops, String name) throws Refused, IOException {
        long written = ops.writtenSize(name);
        if (written < AvbFooter.SIZE) {
            throw new Refused(SlotVerifyResult.Reason.INVALID_METADATA, name + " is empty or truncated");
        }
        byte[] last = ops.readPartition(name, written - AvbFooter.SIZE, AvbFooter.SIZE);
        if (!AvbFooter.present(last)) {
            return readVbmetaPartition(ops, name);
        }
        try {
            AvbFooter footer = AvbFooter.parse(last, written);
            return ops.readPartition(name, footer.vbmetaOffset(), (int) footer.vbmetaSize());
        } catch (ImageFormatException e) {
            throw new Refused(SlotVerifyResult.Reason.INVALID_METADATA, name + ": " + e.getMessage());
        }
    }

    private static String partitionName(VerifyOps ops, String base, String suffix) throws Refused {
        // Descriptors never carry the slot suffix; the partition may also be unslotted.
        for (String candidate : List.of(base + suffix, base)) {
            if (ops.hasPartition(candidate)) {
                return candidate;
            }
        }
        throw new Refused(SlotVerifyResult.Reason.INVALID_METADATA, "descriptor names unknown partition " + base);
    }

    private static BlockSource source(VerifyOps ops, String name) throws IOException {
        long size = ops.writtenSize(name);
        return new BlockSource() {
            @Override
            public long size() {
                return size;
            }

            @Override
            public void read(long position, byte[] dst, int off, int len) throws IOException {
                System.arraycopy(ops.readPartition(name, position, len), 0, dst, off, len);
            }
        };
    }

    /** @param vbmeta whether the result is about a vbmeta struct (whose own hash failing is an authentication failure) */
    private static <T> T checked(String name, VerifyResult<T> result, boolean vbmeta) throws Refused {
        if (result instanceof VerifyResult.Ok<T> ok) {
            return ok.value();
        }
        VerifyResult.Rejected<T> r = (VerifyResult.Rejected<T>) result;
        SlotVerifyResult.Reason reason = switch (r.reason()) {
            case INVALID_METADATA -> SlotVerifyResult.Reason.INVALID_METADATA;
            case UNSUPPORTED_VERSION -> SlotVerifyResult.Reason.UNSUPPORTED_VERSION;
            case HASH_MISMATCH -> vbmeta ? SlotVerifyResult.Reason.SIGNATURE_MISMATCH : SlotVerifyResult.Reason.HASH_MISMATCH;
            case NOT_SIGNED, SIGNATURE_MISMATCH -> SlotVerifyResult.Reason.SIGNATURE_MISMATCH;
            case PUBLIC_KEY_REJECTED -> SlotVerifyResult.Reason.KEY_REJECTED;
        };
        throw new Refused(reason, r.detail().startsWith(name) ? r.detail() : name + ": " + r.detail());
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
