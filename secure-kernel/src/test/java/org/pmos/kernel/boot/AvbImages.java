package org.pmos.kernel.boot;

import java.io.Reader;
import java.nio.file.Files;
import java.security.PrivateKey;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.pmos.image.vbmeta.AvbAlgorithm;
import org.pmos.image.vbmeta.AvbPublicKey;
import org.pmos.image.vbmeta.VbmetaBuilder;
import org.pmos.image.vbmeta.VbmetaImage;
import org.pmos.testing.SharedData;

/** AOSP's test images from shared/test-data/avb, and re-signed variants of them. */
final class AvbImages {
    private AvbImages() {}

    static byte[] read(String relative) throws Exception {
        return Files.readAllBytes(SharedData.require("test-data/avb/" + relative));
    }

    /** flat/vbmeta.img with another rollback index, re-signed with AOSP's testkey_rsa4096. */
    static byte[] flatVbmetaWithRollbackIndex(long index) throws Exception {
        VbmetaImage original = VbmetaImage.parse(read("flat/vbmeta.img"));
        PrivateKey key;
        try (Reader r = Files.newBufferedReader(SharedData.require("test-data/avb/keys/testkey_rsa4096.pem"));
             PEMParser p = new PEMParser(r)) {
            key = new JcaPEMKeyConverter().getKeyPair((PEMKeyPair) p.readObject()).getPrivate();
        }
        return new VbmetaBuilder()
                .signWith(AvbAlgorithm.SHA256_RSA4096, key, AvbPublicKey.parse(read("keys/testkey_rsa4096.avbpubkey")))
                .rollbackIndex(index)
                .addAll(original.descriptors())
                .build();
    }
}
