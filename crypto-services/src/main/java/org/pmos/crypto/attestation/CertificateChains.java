package org.pmos.crypto.attestation;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringReader;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.openssl.PEMParser;
import org.pmos.crypto.internal.Providers;

/** Reads certificate chains for the verifier (the CLI's {@code --chain CHAIN.pem}). */
public final class CertificateChains {
    private CertificateChains() {}

    /** The PEM CERTIFICATE blocks of {@code pem}, in file order (leaf first for a chain). */
    public static List<X509Certificate> fromPem(String pem) throws IOException {
        List<X509Certificate> out = new ArrayList<>();
        try (PEMParser parser = new PEMParser(new StringReader(pem))) {
            // Bouncy Castle's factory: its keys cover every algorithm real chains use (RSA, EC, ML-DSA).
            CertificateFactory cf = CertificateFactory.getInstance("X.509", Providers.bouncyCastle());
            Object o;
            while ((o = parser.readObject()) != null) {
                if (!(o instanceof X509CertificateHolder h)) {
                    throw new IOException("chain PEM holds a " + o.getClass().getSimpleName() + ", not a certificate");
                }
                if (out.size() >= AttestationVerifier.MAX_CHAIN_LENGTH) {
                    throw new IOException("chain longer than " + AttestationVerifier.MAX_CHAIN_LENGTH + " certificates");
                }
                out.add((X509Certificate) cf.generateCertificate(new ByteArrayInputStream(h.getEncoded())));
            }
        } catch (GeneralSecurityException e) {
            throw new IOException("certificate does not parse: " + e.getMessage(), e);
        }
        if (out.isEmpty()) {
            throw new IOException("no CERTIFICATE block in the chain PEM");
        }
        return out;
    }
}
