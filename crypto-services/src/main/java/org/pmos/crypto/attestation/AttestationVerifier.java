package org.pmos.crypto.attestation;

import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1Primitive;
import org.pmos.crypto.attestation.AttestationResult.Reason;
import org.pmos.crypto.attestation.AttestationReport.CertificateSummary;
import org.pmos.crypto.internal.ContentSigners;

/**
 * Verifies an Android key attestation chain (leaf first): anchored at a pinned key, each
 * signature by the next certificate, each certificate valid at {@code at}, none on the status
 * list, a parsable KeyDescription in the leaf, the expected challenge. Pure: the time and the
 * status list come from the caller. The first failed check decides the verdict; the report
 * carries everything read up to then. Device policy (locked, boot state) is a separate step,
 * {@link AttestationPolicy}.
 */
public final class AttestationVerifier {
    /** Real chains have 3 to 5 certificates (remotely provisioned ones are longest). */
    public static final int MAX_CHAIN_LENGTH = 10;

    private AttestationVerifier() {}

    public static AttestationResult verify(List<X509Certificate> chain, TrustAnchors anchors, Optional<byte[]> challenge,
            RevocationList revocations, Instant at) {
        List<CertificateSummary> summaries = new ArrayList<>();
        boolean anchored = false;
        Optional<KeyDescription> description = Optional.empty();
        List<String> tolerated = new ArrayList<>();
        try {
            if (chain.isEmpty() || chain.size() > MAX_CHAIN_LENGTH) {
                return reject(Reason.MALFORMED_CHAIN, "chain of " + chain.size() + " certificates (1.." + MAX_CHAIN_LENGTH + ")",
                        summaries, false, description, tolerated);
            }
            for (int i = 0; i < chain.size(); i++) {
                summaries.add(summarize(i, chain.get(i), revocations));
            }

            int last = chain.size() - 1;
            X509Certificate top = chain.get(last);
            // The top certificate is either the anchor itself (pinned by key) or issued by one.
            boolean topIsAnchor = anchors.contains(top.getPublicKey());
            anchored = topIsAnchor || signedByAnchor(top, anchors);
            if (!anchored) {
                return reject(Reason.UNTRUSTED_ROOT, "certificate " + last + " (" + top.getSubjectX500Principal().getName()
                        + ") neither has nor is signed by a trust anchor key", summaries, false, description, tolerated);
            }

            for (int i = 0; i < last; i++) {
                X509Certificate cert = chain.get(i);
                X509Certificate issuer = chain.get(i + 1);
                boolean namesChain = cert.getIssuerX500Principal().equals(issuer.getSubjectX500Principal());
                if (!signatureValid(cert, issuer.getPublicKey())) {
                    return namesChain
                            ? reject(Reason.SIGNATURE_INVALID, "certificate " + i + " is not signed by certificate " + (i + 1) + "'s key",
                                    summaries, true, description, tolerated)
                            : reject(Reason.CHAIN_BROKEN, "certificate " + i + " is issued by " + cert.getIssuerX500Principal().getName()
                                    + ", not by certificate " + (i + 1) + " (" + issuer.getSubjectX500Principal().getName() + ")",
                                    summaries, true, description, tolerated);
                }
                if (!namesChain) {
                    // The signature is the link; some StrongBox implementations wrote the wrong issuer name.
                    tolerated.add("certificate " + i + ": issuer name " + cert.getIssuerX500Principal().getName()
                            + " differs from certificate " + (i + 1) + "'s subject, but its signature verifies under that certificate's key");
                }
            }

            // A pinned anchor is a key, not a certificate (RFC 5280 6.1.1 (d)): its own dates do not count.
            int datedCount = topIsAnchor ? last : chain.size();
            for (int i = 0; i < datedCount; i++) {
                CertificateSummary c = summaries.get(i);
                if (at.isBefore(c.notBefore())) {
                    return reject(Reason.NOT_YET_VALID, "certificate " + i + " is valid from " + c.notBefore() + ", checked at " + at,
                            summaries, true, description, tolerated);
                }
                if (at.isAfter(c.notAfter())) {
                    return reject(Reason.EXPIRED, "certificate " + i + " expired " + c.notAfter() + ", checked at " + at,
                            summaries, true, description, tolerated);
                }
            }

            for (CertificateSummary c : summaries) {
                if (c.revocation().isPresent()) {
                    RevocationList.Entry e = c.revocation().get();
                    return reject(Reason.REVOKED, "certificate " + c.index() + " (serial " + c.serialNumber().toString(16) + ") is "
                            + e.status() + e.reason().map(r -> " (" + r + ")").orElse(""), summaries, true, description, tolerated);
                }
            }

            for (int i = 1; i < chain.size(); i++) {
                if (summaries.get(i).hasKeyDescription()) {
                    return reject(Reason.MALFORMED_EXTENSION, "certificate " + i + " (not the leaf) carries a KeyDescription",
                            summaries, true, description, tolerated);
                }
            }
            byte[] extension = chain.get(0).getExtensionValue(KeyDescription.OID);
            if (extension == null) {
                return reject(Reason.NO_ATTESTATION_EXTENSION, "the leaf has no extension " + KeyDescription.OID, summaries, true, description, tolerated);
            }
            try {
                ASN1Primitive wrapped = KeyDescriptionCodec.readSingle(extension, "extension value");
                if (!(wrapped instanceof ASN1OctetString octets)) {
                    throw new MalformedAttestationException("extension value is not an OCTET STRING");
                }
                description = Optional.of(KeyDescriptionCodec.parse(octets.getOctets()));
            } catch (MalformedAttestationException e) {
                return reject(e.isUnsupportedVersion() ? Reason.UNSUPPORTED_VERSION : Reason.MALFORMED_EXTENSION,
                        e.getMessage(), summaries, true, description, tolerated);
            }

            if (challenge.isPresent()
                    && !MessageDigest.isEqual(challenge.get(), description.get().attestationChallenge())) {
                return reject(Reason.CHALLENGE_MISMATCH, "the attested challenge is not the expected one", summaries, true, description, tolerated);
            }
            return new AttestationResult.Verified(new AttestationReport(summaries, true, description, tolerated));
        } catch (RuntimeException e) {
            // Hostile certificates can make providers throw anything; none of it may verify.
            return reject(Reason.MALFORMED_CHAIN, "unreadable certificate: " + e, summaries, anchored, description, tolerated);
        }
    }

    private static AttestationResult reject(Reason reason, String detail, List<CertificateSummary> summaries, boolean anchored,
            Optional<KeyDescription> description, List<String> tolerated) {
        return new AttestationResult.Rejected(reason, detail, new AttestationReport(summaries, anchored, description, tolerated));
    }

    private static CertificateSummary summarize(int index, X509Certificate c, RevocationList revocations) {
        return new CertificateSummary(index, c.getSubjectX500Principal().getName(), c.getIssuerX500Principal().getName(),
                c.getSerialNumber(), c.getNotBefore().toInstant(), c.getNotAfter().toInstant(), c.getPublicKey().getAlgorithm(),
                c.getSigAlgName(), c.getExtensionValue(KeyDescription.OID) != null, revocations.lookup(c.getSerialNumber()));
    }

    /** For chains that stop below the root: the top certificate verifies under an anchor key. */
    private static boolean signedByAnchor(X509Certificate top, TrustAnchors anchors) {
        for (PublicKey k : anchors.publicKeys()) {
            if (signatureValid(top, k)) {
                return true;
            }
        }
        return false;
    }

    private static boolean signatureValid(X509Certificate cert, PublicKey issuerKey) {
        return ContentSigners.verifies(cert, issuerKey);
    }
}
