package org.pmos.image.vbmeta;

import java.io.IOException;
import java.util.Arrays;
import java.util.Optional;
import org.pmos.image.ImageFormatException;
import org.pmos.image.io.BlockSource;

/**
 * A partition image that carries its own vbmeta behind an {@link AvbFooter} (boot with a hash
 * footer, system with a hashtree footer): the footer and the parsed footer vbmeta.
 */
public record FooterVbmeta(AvbFooter footer, VbmetaImage vbmeta) {

    /** The footer in the last 64 bytes of {@code partition}, if there is one (parsed and bounds-checked). */
    public static Optional<AvbFooter> footerOf(byte[] partition) throws ImageFormatException {
        if (partition.length < AvbFooter.SIZE) {
            return Optional.empty();
        }
        byte[] last = Arrays.copyOfRange(partition, partition.length - AvbFooter.SIZE, partition.length);
        return AvbFooter.present(last) ? Optional.of(AvbFooter.parse(last, partition.length)) : Optional.empty();
    }

    /** Reads footer and vbmeta of a partition too big for memory (a system image); fails if there is no footer. */
    public static FooterVbmeta read(BlockSource partition) throws IOException, ImageFormatException {
        long size = partition.size();
        if (size < AvbFooter.SIZE) {
            throw new ImageFormatException("partition has no AVB footer");
        }
        byte[] last = new byte[AvbFooter.SIZE];
        partition.read(size - AvbFooter.SIZE, last, 0, last.length);
        if (!AvbFooter.present(last)) {
            throw new ImageFormatException("partition has no AVB footer");
        }
        AvbFooter f = AvbFooter.parse(last, size);
        byte[] blob = new byte[(int) f.vbmetaSize()];
        partition.read(f.vbmetaOffset(), blob, 0, blob.length);
        return of(f, blob);
    }

    /** Reads footer and vbmeta of a whole partition image; fails if there is no footer. */
    public static FooterVbmeta parse(byte[] partition) throws ImageFormatException {
        AvbFooter f = footerOf(partition).orElseThrow(() -> new ImageFormatException("partition has no AVB footer"));
        return of(f, Arrays.copyOfRange(partition, (int) f.vbmetaOffset(), (int) (f.vbmetaOffset() + f.vbmetaSize())));
    }

    private static FooterVbmeta of(AvbFooter f, byte[] blob) throws ImageFormatException {
        VbmetaImage v = VbmetaImage.parse(blob);
        if (v.size() != blob.length) {
            throw new ImageFormatException("AVB footer: vbmeta size " + f.vbmetaSize() + " does not match the blob's " + v.size());
        }
        return new FooterVbmeta(f, v);
    }
}
