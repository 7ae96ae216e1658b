package org.pmos.crypto.pki;

import java.security.PublicKey;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.asn1.pkcs.Attribute;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequest;
import org.pmos.crypto.suite.Profile;

/**
 * Decides whether a CSR may be certified for a role under a profile. Starts from rejection and
 * accepts only after every check passed; an exception while checking is a rejection.
 */
public final class CsrPolicy {
    /** Bound on what we parse at all: a CSR is a few hundred bytes, 64 KiB is generous. */
    public static final int MAX_CSR_BYTES = 64 * 1024;

    private CsrPolicy() {}

    public static CsrVerdict check(byte[] der, Profile profile, CertificateRole role) {
        if (der.length == 0 || der.length > MAX_CSR_BYTES) {
            return new CsrVerdict.Rejected(CsrVerdict.Reason.MALFORMED, "CSR size " + der.length + " outside 1.." + MAX_CSR_BYTES);
        }
        JcaPKCS10CertificationRequest csr;
        PublicKey key;
        try {
            csr = new JcaPKCS10CertificationRequest(new PKCS10CertificationRequest(der)).setProvider(PkiAlgorithms.BC);
            key = csr.getPublicKey();
        } catch (Exception e) {
            return new CsrVerdict.Rejected(CsrVerdict.Reason.MALFORMED, "not a PKCS#10 request: " + e.getMessage());
        }
        try {
            X509Signatures.verify(csr.toASN1Structure(), key);
        } catch (java.security.SignatureException e) {
            return new CsrVerdict.Rejected(CsrVerdict.Reason.SIGNATURE_INVALID, "the request's signature does not verify with its key");
        } catch (Exception e) {
            return new CsrVerdict.Rejected(CsrVerdict.Reason.SIGNATURE_INVALID, "the request's signature cannot be verified: " + e.getMessage());
        }
        if (csr.getSubject().getRDNs().length == 0) {
            return new CsrVerdict.Rejected(CsrVerdict.Reason.EMPTY_SUBJECT, "the request has an empty subject");
        }
        KeyKind required = PkiAlgorithms.requiredKeyKind(profile, role);
        KeyKind actual = KeyKind.of(key);
        if (actual != required) {
            return new CsrVerdict.Rejected(keyReason(actual, required),
                    "a " + role + " certificate in the " + profile + " profile needs a " + required + " key, the request has " + actual);
        }
        List<GeneralName> sans;
        try {
            sans = requestedSubjectAltNames(csr);
        } catch (RuntimeException e) {
            return new CsrVerdict.Rejected(CsrVerdict.Reason.MALFORMED, "unreadable extension request: " + e.getMessage());
        }
        return new CsrVerdict.Accepted(csr.getSubject(), key, sans);
    }

    private static CsrVerdict.Reason keyReason(KeyKind actual, KeyKind required) {
        boolean rsa = actual.name().startsWith("RSA_");
        boolean wantRsa = required.name().startsWith("RSA_");
        boolean ec = actual == KeyKind.EC_P256 || actual == KeyKind.EC_P384;
        boolean wantEc = required == KeyKind.EC_P256 || required == KeyKind.EC_P384;
        if (actual == KeyKind.OTHER) {
            return CsrVerdict.Reason.UNSUPPORTED_KEY;
        }
        if ((rsa && wantRsa) || (ec && wantEc)) {
            return actual.ordinal() < required.ordinal() ? CsrVerdict.Reason.KEY_TOO_WEAK : CsrVerdict.Reason.WRONG_PROFILE;
        }
        if (rsa && !wantRsa) {
            // An RSA key where the profile wants an elliptic curve: RSA-2048 is weak by any measure.
            return actual == KeyKind.RSA_2048 ? CsrVerdict.Reason.KEY_TOO_WEAK : CsrVerdict.Reason.WRONG_PROFILE;
        }
        if (actual == KeyKind.ED25519) {
            return CsrVerdict.Reason.UNSUPPORTED_KEY;
        }
        return CsrVerdict.Reason.WRONG_PROFILE;
    }

    private static List<GeneralName> requestedSubjectAltNames(PKCS10CertificationRequest csr) {
        List<GeneralName> names = new ArrayList<>();
        for (Attribute a : csr.getAttributes(PKCSObjectIdentifiers.pkcs_9_at_extensionRequest)) {
            Extensions exts = Extensions.getInstance(a.getAttrValues().getObjectAt(0));
            GeneralNames gn = GeneralNames.fromExtensions(exts, Extension.subjectAlternativeName);
            if (gn != null) {
                for (GeneralName n : gn.getNames()) {
                    names.add(n);
                }
            }
        }
        return names;
    }
}
