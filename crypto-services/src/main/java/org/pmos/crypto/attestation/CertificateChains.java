package org.pmos.crypto.attestation;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringReader;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.util.io.pem.PemObject;
import org.bouncycastle.util.io.pem.PemReader;
import org.pmos.crypto.internal.Providers;

/** Reads certificate chains for the verifier (the CLI's {@code --chain CHAIN.pem}). */
public final class CertificateChains {
    private CertificateChains() {}

    /** The PEM CERTIFICATE blocks of {@code pem}, in file order (leaf first for a chain). */
    public static List<X509Certificate> fromPem(String pem) throws IOException {
        List<X509Certificate> out = new ArrayList<>();
        try (PemReader reader = new PemReader(new StringReader(pem))) {
            // Bouncy Castle's factory: its keys cover every algorithm real chains use (RSA, EC, ML-DSA).
            CertificateFactory cf = CertificateFactory.getInstance("X.509", Providers.bouncyCastle());
            PemObject o;
            while ((o = reader.readPemObject()) != null) {
                if (!"CERTIFICATE".equals(o.getType())) {
                    throw new IOException("chain PEM holds a " + o.getType() + " block, not a CERTIFICATE");
                }
                if (out.size() >= AttestationVerifier.MAX_CHAIN_LENGTH) {
                    throw new IOException("chain longer than " + AttestationVerifier.MAX_CHAIN_LENGTH + " certificates");
                }
                // Parsed once, by the factory (a PEMParser would parse it, encode it and hand it over to be parsed again).
                X509Certificate c = (X509Certificate) cf.generateCertificate(new ByteArrayInputStream(o.getContent()));
                if (c == null) {
                    throw new IOException("empty CERTIFICATE block in the chain PEM");
                }
                out.add(c);
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
