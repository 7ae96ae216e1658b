package org.pmos.image.vbmeta;

import java.util.Arrays;
import java.util.Optional;
import org.pmos.image.ImageFormatException;

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

    /** Reads footer and vbmeta of a whole partition image; fails if there is no footer. */
    public static FooterVbmeta parse(byte[] partition) throws ImageFormatException {
        AvbFooter f = footerOf(partition).orElseThrow(() -> new ImageFormatException("partition has no AVB footer"));
        byte[] blob = Arrays.copyOfRange(partition, (int) f.vbmetaOffset(), (int) (f.vbmetaOffset() + f.vbmetaSize()));
        VbmetaImage v = VbmetaImage.parse(blob);
        if (v.size() != blob.length) {
            throw new ImageFormatException("AVB footer: vbmeta size " + f.vbmetaSize() + " does not match the blob's " + v.size());
        }
        return new FooterVbmeta(f, v);
    }
}
