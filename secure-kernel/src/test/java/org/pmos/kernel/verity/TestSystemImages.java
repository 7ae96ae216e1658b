package org.pmos.kernel.verity;

import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.pmos.image.erofs.ErofsWriter;
import org.pmos.image.io.BlockSource;
import org.pmos.image.vbmeta.HashtreeDescriptor;
import org.pmos.image.verity.Hashtree;
import org.pmos.image.verity.HashtreeBuilder;

/** An EROFS system image with its dm-verity hash tree appended, as the image build lays it out. */
public final class TestSystemImages {
    private TestSystemImages() {}

    public record Built(Path file, HashtreeDescriptor descriptor) {}

    public static Built build(Path file, Map<String, byte[]> files) throws Exception {
        ErofsWriter w = new ErofsWriter().volumeName("system");
        files.forEach(w::addFile);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        w.write(out);
        byte[] data = out.toByteArray();
        int bs = 4096;
        byte[] padded = java.util.Arrays.copyOf(data, Math.max(2 * bs, (data.length + bs - 1) / bs * bs));
        Hashtree tree = HashtreeBuilder.sha256().build(BlockSource.of(padded), new byte[] {1, 2, 3, 4});
        byte[] image = java.util.Arrays.copyOf(padded, padded.length + tree.treeSize());
        System.arraycopy(tree.tree(), 0, image, padded.length, tree.treeSize());
        Files.write(file, image);
        HashtreeDescriptor d = new HashtreeDescriptor(1, padded.length, padded.length, tree.treeSize(), bs, bs, 0, 0, 0,
                "sha256", "system", tree.salt(), tree.rootDigest(), 0);
        return new Built(file, d);
    }
}
