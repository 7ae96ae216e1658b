package org.pmos.crypto.pki;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.util.io.pem.PemObject;
import org.bouncycastle.util.io.pem.PemReader;

/** PEM text for certificates, CRLs, CSRs and public keys (never private keys: those live in PKCS#12). */
public final class Pem {
    /** Bound on PEM input we parse: a chain of a few certificates. */
    public static final int MAX_PEM_BYTES = 1024 * 1024;

    private Pem() {}

    public static String encode(Object... objects) {
        StringWriter out = new StringWriter();
        try (JcaPEMWriter w = new JcaPEMWriter(out)) {
            for (Object o : objects) {
                if (o instanceof java.security.PrivateKey) {
                    throw new IllegalArgumentException("private keys are never written as PEM");
                }
                w.writeObject(o);
            }
        } catch (IOException e) {
            throw new IllegalStateException("writing PEM to memory failed", e);
        }
        return out.toString();
    }

    public static String encode(List<X509Certificate> chain) {
        return encode(chain.toArray());
    }

    /** Every CERTIFICATE block in the text, in order. */
    public static List<X509Certificate> certificates(byte[] pem) throws GeneralSecurityException {
        List<X509Certificate> out = new ArrayList<>();
        JcaX509CertificateConverter conv = new JcaX509CertificateConverter().setProvider(PkiAlgorithms.BC);
        for (PemObject o : blocks(pem)) {
            if (o.getType().equals("CERTIFICATE")) {
                try {
                    out.add(conv.getCertificate(new X509CertificateHolder(o.getContent())));
                } catch (IOException e) {
                    throw new GeneralSecurityException("a CERTIFICATE block is not a DER certificate", e);
                }
            }
        }
        if (out.isEmpty()) {
            throw new GeneralSecurityException("no CERTIFICATE block in the PEM text");
        }
        return out;
    }

    public static X509Certificate certificate(byte[] pem) throws GeneralSecurityException {
        return certificates(pem).get(0);
    }

    public static X509CRL crl(byte[] pem) throws GeneralSecurityException {
        for (PemObject o : blocks(pem)) {
            if (o.getType().equals("X509 CRL")) {
                return (X509CRL) java.security.cert.CertificateFactory.getInstance("X.509", PkiAlgorithms.BC)
                        .generateCRL(new java.io.ByteArrayInputStream(o.getContent()));
            }
        }
        throw new GeneralSecurityException("no X509 CRL block in the PEM text");
    }

    /** The DER of a CSR given as PEM ("CERTIFICATE REQUEST") or as DER already. */
    public static byte[] csrDer(byte[] pemOrDer) throws GeneralSecurityException {
        if (pemOrDer.length > 0 && pemOrDer[0] == 0x30) {
            return pemOrDer;
        }
        for (PemObject o : blocks(pemOrDer)) {
            if (o.getType().equals("CERTIFICATE REQUEST") || o.getType().equals("NEW CERTIFICATE REQUEST")) {
                return o.getContent();
            }
        }
        throw new GeneralSecurityException("no CERTIFICATE REQUEST block in the PEM text");
    }

    public static PublicKey publicKey(byte[] pem) throws GeneralSecurityException {
        try (PEMParser p = new PEMParser(new StringReader(text(pem)))) {
            Object o = p.readObject();
            if (o instanceof org.bouncycastle.asn1.x509.SubjectPublicKeyInfo spki) {
                return new org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter().setProvider(PkiAlgorithms.BC).getPublicKey(spki);
            }
            if (o instanceof X509CertificateHolder h) {
                return new JcaX509CertificateConverter().setProvider(PkiAlgorithms.BC).getCertificate(h).getPublicKey();
            }
            throw new GeneralSecurityException("no PUBLIC KEY block in the PEM text");
        } catch (IOException e) {
            throw new GeneralSecurityException("unreadable PEM: " + e.getMessage(), e);
        }
    }

    static PKCS10CertificationRequest csr(byte[] pemOrDer) throws GeneralSecurityException {
        try {
            return new PKCS10CertificationRequest(csrDer(pemOrDer));
        } catch (IOException e) {
            throw new GeneralSecurityException("not a PKCS#10 request", e);
        }
    }

    private static List<PemObject> blocks(byte[] pem) throws GeneralSecurityException {
        List<PemObject> out = new ArrayList<>();
        try (PemReader r = new PemReader(new StringReader(text(pem)))) {
            for (PemObject o; (o = r.readPemObject()) != null; ) {
                out.add(o);
            }
        } catch (IOException e) {
            throw new GeneralSecurityException("unreadable PEM: " + e.getMessage(), e);
        }
        return out;
    }

    private static String text(byte[] pem) throws GeneralSecurityException {
        if (pem.length > MAX_PEM_BYTES) {
            throw new GeneralSecurityException("PEM input larger than " + MAX_PEM_BYTES + " bytes");
        }
        return new String(pem, StandardCharsets.US_ASCII);
    }
}
