package org.pmos.crypto.pki;

import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.List;

/**
 * Checks that a certificate chain leads to one of the ministry's anchors. Anchors are pinned
 * by public key (a root re-issued with the same key is the same anchor). Validity periods are
 * the caller's concern: a handset may have no trustworthy clock.
 */
public final class Chains {
    /** Longer chains than this are not part of the ministry's hierarchy. */
    public static final int MAX_LENGTH = 5;

    private Chains() {}

    /**
     * Returns the anchor that {@code chain} (leaf first, issuers after, the anchor itself optional)
     * leads to; throws saying which link is broken.
     */
    public static X509Certificate verify(List<X509Certificate> chain, List<X509Certificate> anchors)
            throws GeneralSecurityException {
        if (chain.isEmpty() || chain.size() > MAX_LENGTH) {
            throw new GeneralSecurityException("chain length " + chain.size() + " outside 1.." + MAX_LENGTH);
        }
        for (int i = 0; i < chain.size(); i++) {
            X509Certificate cert = chain.get(i);
            X509Certificate anchor = anchorFor(cert, anchors);
            if (anchor != null) {
                return anchor;
            }
            if (i + 1 == chain.size()) {
                break;
            }
            X509Certificate issuer = chain.get(i + 1);
            if (issuer.getBasicConstraints() < 0) {
                throw new GeneralSecurityException("certificate " + (i + 1) + " of the chain is not a CA");
            }
            try {
                X509Signatures.verify(cert, issuer.getPublicKey());
            } catch (GeneralSecurityException e) {
                throw new GeneralSecurityException("certificate " + i + " of the chain is not signed by certificate " + (i + 1));
            }
        }
        throw new GeneralSecurityException("the chain does not lead to a trusted anchor");
    }

    /** The anchor that issued {@code cert} (or is {@code cert}), found by key and signature. */
    private static X509Certificate anchorFor(X509Certificate cert, List<X509Certificate> anchors) {
        for (X509Certificate a : anchors) {
            if (sameKey(cert.getPublicKey(), a.getPublicKey())) {
                return a;
            }
            if (cert.getIssuerX500Principal().equals(a.getSubjectX500Principal())) {
                try {
                    X509Signatures.verify(cert, a.getPublicKey());
                    return a;
                } catch (GeneralSecurityException e) {
                    // Same name, other key: not this anchor.
                }
            }
        }
        return null;
    }

    public static boolean sameKey(PublicKey a, PublicKey b) {
        return Arrays.equals(a.getEncoded(), b.getEncoded());
    }

    /** Whether the certificate's extended key usage lists {@code oid}. */
    public static boolean hasExtendedKeyUsage(X509Certificate cert, String oid) {
        try {
            List<String> eku = cert.getExtendedKeyUsage();
            return eku != null && eku.contains(oid);
        } catch (CertificateParsingException e) {
            return false;
        }
    }
}
