package org.pmos.crypto.pki;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.UnrecoverableKeyException;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.List;
import org.pmos.crypto.io.AtomicFiles;

/**
 * A private key and its certificate chain in a password-protected PKCS#12 file: the only form
 * in which the PKI keeps private keys. PBES2 with AES-256 (Bouncy Castle's
 * {@code PKCS12-AES256-AES128}), readable by OpenSSL 3 and by the JDK.
 */
public final class KeyStoreFile {
    static final String ALIAS = "key";
    private static final String TYPE = "PKCS12-AES256-AES128";

    private KeyStoreFile() {}

    public record Entry(PrivateKey key, List<X509Certificate> chain) {}

    public static void write(Path file, PrivateKey key, List<X509Certificate> chain, char[] password)
            throws IOException, GeneralSecurityException {
        KeyStore ks = KeyStore.getInstance(TYPE, PkiAlgorithms.BC);
        ks.load(null, null);
        ks.setKeyEntry(ALIAS, key, password, chain.toArray(Certificate[]::new));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ks.store(out, password);
        AtomicFiles.writePrivate(file, out.toByteArray());
    }

    /**
     * Reads the key. A wrong password is reported as such and nothing else; the password never
     * appears in a message.
     */
    public static Entry read(Path file, char[] password) throws IOException, GeneralSecurityException {
        byte[] bytes = Files.readAllBytes(file);
        KeyStore ks = KeyStore.getInstance(TYPE, PkiAlgorithms.BC);
        try {
            ks.load(new ByteArrayInputStream(bytes), password);
        } catch (IOException e) {
            if (e.getCause() instanceof UnrecoverableKeyException || String.valueOf(e.getMessage()).contains("password")) {
                throw new UnrecoverableKeyException("wrong password for " + file.getFileName());
            }
            throw e;
        }
        String alias = ks.aliases().nextElement();
        PrivateKey key = (PrivateKey) ks.getKey(alias, password);
        Certificate[] chain = ks.getCertificateChain(alias);
        return new Entry(key, Arrays.stream(chain).map(X509Certificate.class::cast).toList());
    }
}
