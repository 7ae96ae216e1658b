package org.pmos.crypto.attestation;

import java.io.IOException;
import java.io.StringReader;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.pmos.crypto.internal.Providers;

/**
 * The attestation roots a verifier accepts, pinned by public key (the DER SubjectPublicKeyInfo):
 * a root re-issued with the same key (new validity, new serial) is the same anchor, and a
 * certificate with the same name but another key is not.
 */
public final class TrustAnchors {
    /** Hex of each anchor's SubjectPublicKeyInfo DER. */
    private final Set<String> keys;
    private final List<PublicKey> publicKeys;

    private TrustAnchors(Collection<PublicKey> roots) {
        if (roots.isEmpty()) {
            throw new IllegalArgumentException("at least one trust anchor is needed");
        }
        Set<String> k = new LinkedHashSet<>();
        for (PublicKey p : roots) {
            k.add(HexFormat.of().formatHex(p.getEncoded()));
        }
        this.keys = Set.copyOf(k);
        this.publicKeys = List.copyOf(roots);
    }

    public static TrustAnchors ofCertificates(Collection<X509Certificate> roots) {
        List<PublicKey> k = new ArrayList<>();
        for (X509Certificate c : roots) {
            k.add(c.getPublicKey());
        }
        return new TrustAnchors(k);
    }

    public static TrustAnchors ofPublicKeys(Collection<PublicKey> roots) {
        return new TrustAnchors(roots);
    }

    /** Reads PEM {@code CERTIFICATE} and {@code PUBLIC KEY} blocks (other blocks are refused). */
    public static TrustAnchors fromPem(String pem) throws IOException {
        List<PublicKey> k = new ArrayList<>();
        JcaPEMKeyConverter converter = new JcaPEMKeyConverter().setProvider(Providers.bouncyCastle());
        try (PEMParser parser = new PEMParser(new StringReader(pem))) {
            Object o;
            while ((o = parser.readObject()) != null) {
                if (o instanceof X509CertificateHolder h) {
                    k.add(converter.getPublicKey(h.getSubjectPublicKeyInfo()));
                } else if (o instanceof SubjectPublicKeyInfo spki) {
                    k.add(converter.getPublicKey(spki));
                } else {
                    throw new IOException("trust anchor PEM holds a " + o.getClass().getSimpleName() + ", not a certificate or public key");
                }
            }
        }
        if (k.isEmpty()) {
            throw new IOException("no certificate or public key in the trust anchor PEM");
        }
        return new TrustAnchors(k);
    }

    public boolean contains(PublicKey key) {
        return keys.contains(HexFormat.of().formatHex(key.getEncoded()));
    }

    List<PublicKey> publicKeys() {
        return publicKeys;
    }

    /** The anchors' SubjectPublicKeyInfo, hex, for reports. */
    public List<String> publicKeysHex() {
        return new ArrayList<>(keys);
    }

    public int size() {
        return keys.size();
    }
}
