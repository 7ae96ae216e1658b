package org.pmos.crypto.pki;

import java.security.PublicKey;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.GeneralName;

/** Whether a PKCS#10 request may be turned into a certificate, and if not, why. */
public sealed interface CsrVerdict {

    record Accepted(X500Name subject, PublicKey publicKey, List<GeneralName> subjectAltNames) implements CsrVerdict {}

    record Rejected(Reason reason, String detail) implements CsrVerdict {}

    enum Reason {
        /** Not a DER PKCS#10 request, or its fields cannot be read. */
        MALFORMED,
        /** The request's self-signature does not verify: the requester may not hold the key. */
        SIGNATURE_INVALID,
        /** A key of the profile's family, but weaker than the profile requires. */
        KEY_TOO_WEAK,
        /** A key from another profile (an SM2 key in a NIST PKI, or the reverse). */
        WRONG_PROFILE,
        /** A key type the hierarchy never certifies (DSA, Ed448, unknown curves). */
        UNSUPPORTED_KEY,
        /** The subject is empty. */
        EMPTY_SUBJECT
    }
}
