package org.pmos.crypto.internal;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.Signature;
import java.security.SignatureException;
import java.util.Arrays;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.ASN1Sequence;
import org.pmos.crypto.api.SignatureVerificationException;
import org.pmos.crypto.api.SignatureVerificationException.Reason;
import org.pmos.crypto.api.Verifier;
import org.pmos.crypto.suite.AlgorithmSuite;

/** A {@link Verifier} over a JCA {@link Signature}; tells a malformed signature from a wrong one. */
final class JceVerifier implements Verifier {
    private static final int ED25519_SIGNATURE_LENGTH = 64;
    /** A DER ECDSA/SM2 signature over a 256-bit curve is at most 72 bytes. */
    private static final int MAX_EC_SIGNATURE_LENGTH = 72;

    private final AlgorithmSuite suite;
    private final PublicKey key;

    JceVerifier(AlgorithmSuite suite, PublicKey key) throws GeneralSecurityException {
        JceSigner.requireKeyAlgorithm(suite, key);
        this.suite = suite;
        this.key = key;
    }

    @Override
    public void verify(byte[] signature, byte[] data) throws GeneralSecurityException {
        int max = suite == AlgorithmSuite.ED25519 ? ED25519_SIGNATURE_LENGTH : MAX_EC_SIGNATURE_LENGTH;
        if (signature.length > max || (suite == AlgorithmSuite.ED25519 && signature.length != max)) {
            throw new SignatureVerificationException(Reason.MALFORMED_SIGNATURE);
        }
        if (suite != AlgorithmSuite.ED25519 && !isStrictDerPair(signature)) {
            throw new SignatureVerificationException(Reason.MALFORMED_SIGNATURE);
        }
        Signature s = JceSigner.newSignature(suite);
        s.initVerify(key);
        s.update(data);
        boolean valid;
        try {
            valid = s.verify(signature);
        } catch (SignatureException | IllegalArgumentException e) {
            // Providers throw on bytes that do not decode as a signature (bad DER, non-canonical).
            throw new SignatureVerificationException(Reason.MALFORMED_SIGNATURE);
        }
        if (!valid) {
            throw new SignatureVerificationException(Reason.SIGNATURE_MISMATCH);
        }
    }

    /**
     * ECDSA and SM2 signatures are DER {@code SEQUENCE { r INTEGER, s INTEGER }}. Checked here
     * because providers differ: some throw on bad encodings, some just return false.
     */
    private static boolean isStrictDerPair(byte[] signature) {
        try {
            ASN1Primitive p = ASN1Primitive.fromByteArray(signature);
            if (!(p instanceof ASN1Sequence seq) || seq.size() != 2
                    || !(seq.getObjectAt(0) instanceof ASN1Integer r) || !(seq.getObjectAt(1) instanceof ASN1Integer s)) {
                return false;
            }
            return r.getValue().signum() > 0 && s.getValue().signum() > 0
                    && Arrays.equals(seq.getEncoded(ASN1Encoding.DER), signature);
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }
}
