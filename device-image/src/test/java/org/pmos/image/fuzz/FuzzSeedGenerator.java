package org.pmos.image.fuzz;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.util.Arrays;
import org.pmos.image.bootimg.BootImage;
import org.pmos.image.builder.AvbFooterWriter;
import org.pmos.image.erofs.ErofsWriter;
import org.pmos.image.sparse.SparseWriter;
import org.pmos.image.vbmeta.AvbAlgorithm;
import org.pmos.image.vbmeta.AvbPublicKey;
import org.pmos.image.vbmeta.ChainPartitionDescriptor;
import org.pmos.image.vbmeta.DescriptorCodec;
import org.pmos.image.vbmeta.HashDescriptor;
import org.pmos.image.vbmeta.KernelCmdlineDescriptor;
import org.pmos.image.vbmeta.PropertyDescriptor;
import org.pmos.image.vbmeta.VbmetaBuilder;

/**
 * Writes the seed corpus under src/test/resources (run from the module folder:
 * {@code java -cp target/classes:target/test-classes:<deps> org.pmos.image.fuzz.FuzzSeedGenerator}).
 * Seeds are our own small images, so no outside data enters the project.
 */
public final class FuzzSeedGenerator {
    private FuzzSeedGenerator() {}

    public static void main(String[] args) throws Exception {
        Path root = Path.of(args.length > 0 ? args[0] : "src/test/resources/org/pmos/image/fuzz");

        byte[] flat = new byte[4096 * 4 + 100];
        Arrays.fill(flat, 4096, 8192, (byte) 7);
        for (int i = 8192; i < flat.length; i++) {
            flat[i] = (byte) (i * 31);
        }
        ByteArrayOutputStream sparse = new ByteArrayOutputStream();
        SparseWriter.write(flat, 4096, sparse);
        write(root.resolve("SparseFuzzTestInputs/sparseReader/mixed.simg"), sparse.toByteArray());

        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(2048);
        KeyPair kp = g.generateKeyPair();
        AvbPublicKey key = AvbPublicKey.of(kp.getPublic());
        byte[] signed = new VbmetaBuilder().signWith(AvbAlgorithm.SHA256_RSA2048, kp.getPrivate(), key)
                .rollbackIndex(2).rollbackIndexLocation(1)
                .add(PropertyDescriptor.of("com.pmos.k", "v"))
                .add(new KernelCmdlineDescriptor(0, "quiet"))
                .add(new HashDescriptor(100, "sha256", "boot", new byte[4], new byte[32], 0))
                .add(new ChainPartitionDescriptor(2, "vendor", key.encoded(), 0)).build();
        write(root.resolve("VbmetaFuzzTestInputs/vbmetaVerifier/signed.vbmeta"), signed);

        byte[] image = "boot image payload".getBytes(StandardCharsets.UTF_8);
        byte[] part = AvbFooterWriter.addHashFooter(image, AvbFooterWriter.MAX_METADATA_SIZE + 4096, "boot", new byte[8]).partition();
        // the seed keeps image, footer vbmeta (at 4096) and footer; the zero gap is dropped
        byte[] compact = new byte[4096 + 4096];
        System.arraycopy(part, 0, compact, 0, 4096 + 1024);
        System.arraycopy(part, part.length - 64, compact, compact.length - 64, 64);
        write(root.resolve("VbmetaFuzzTestInputs/footerAndDescriptors/footer.img"), compact);
        write(root.resolve("VbmetaFuzzTestInputs/footerAndDescriptors/property.desc"),
                DescriptorCodec.encode(PropertyDescriptor.of("com.pmos.a", "b")));
        write(root.resolve("VbmetaFuzzTestInputs/footerAndDescriptors/key.avbpubkey"), key.encoded());

        ByteArrayOutputStream erofs = new ByteArrayOutputStream();
        new ErofsWriter().epochSeconds(0).addFile("a", "hello".getBytes(StandardCharsets.UTF_8))
                .addFile("d/b", new byte[5000]).addSymlink("d/l", "../a").write(erofs);
        write(root.resolve("ErofsFuzzTestInputs/erofsWalk/small.erofs"), erofs.toByteArray());

        byte[] boot = new BootImage("kernel".getBytes(StandardCharsets.UTF_8), new byte[10], "console=ttyS0", 0).encode();
        write(root.resolve("BootImageFuzzTestInputs/bootImage/boot.img"), boot);
    }

    private static void write(Path p, byte[] b) throws Exception {
        Files.createDirectories(p.getParent());
        Files.write(p, b);
    }
}
