package org.pmos.image.testing;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PublicKey;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.pmos.testing.SharedData;

/** The AOSP AVB reference data in shared/test-data/avb (read in place; skipped when absent). */
public final class AvbTestData {
    private AvbTestData() {}

    public static Path file(String relative) {
        return SharedData.require("test-data/avb/" + relative);
    }

    public static byte[] bytes(String relative) throws IOException {
        return Files.readAllBytes(file(relative));
    }

    /** testkey_rsa2048 or testkey_rsa4096 (PKCS#1 PEM). */
    public static KeyPair keyPair(String name) throws IOException {
        try (Reader r = Files.newBufferedReader(file("keys/" + name + ".pem")); PEMParser p = new PEMParser(r)) {
            return new JcaPEMKeyConverter().getKeyPair((PEMKeyPair) p.readObject());
        }
    }

    public static PublicKey publicKeyPem(String file) throws IOException {
        try (Reader r = Files.newBufferedReader(file("keys/" + file)); PEMParser p = new PEMParser(r)) {
            return new JcaPEMKeyConverter().getPublicKey((SubjectPublicKeyInfo) p.readObject());
        }
    }
}
