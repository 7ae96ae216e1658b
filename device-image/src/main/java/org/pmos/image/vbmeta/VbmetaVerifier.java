package org.pmos.image.vbmeta;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.Signature;
import org.pmos.image.ImageFormatException;
import org.pmos.image.UnsupportedVersionException;
import org.pmos.image.VerifyResult;
import org.pmos.image.VerifyResult.Reason;

/**
 * Verifies a vbmeta blob as libavb's {@code avb_vbmeta_image_verify} does (pure: no I/O, no
 * clock): structure, version, the stored hash over header and auxiliary block, and the RSA
 * signature with the embedded public key. Whether that key is trusted is a separate decision
 * ({@link #verify(byte[], AvbPublicKey)}); an unsigned blob is {@link Reason#NOT_SIGNED}.
 */
public final class VbmetaVerifier {
    private VbmetaVerifier() {}

    /** A verified vbmeta and the key that signed it. */
    public record Verified(VbmetaImage image, AvbPublicKey key) {}

    /** Checks integrity and signature; the caller still has to decide whether {@code key} is trusted. */
    public static VerifyResult<Verified> verify(byte[] data) {
        VbmetaImage image;
        try {
            image = VbmetaImage.parse(data);
        } catch (UnsupportedVersionException e) {
            return VerifyResult.rejected(Reason.UNSUPPORTED_VERSION, e.getMessage());
        } catch (ImageFormatException e) {
            return VerifyResult.rejected(Reason.INVALID_METADATA, e.getMessage());
        }
        VbmetaHeader h = image.header();
        if (h.algorithmType() == AvbAlgorithm.NONE.type()) {
            return VerifyResult.rejected(Reason.NOT_SIGNED, "vbmeta has algorithm NONE");
        }
        AvbAlgorithm alg = h.algorithm();
        if (alg == null) {
            return VerifyResult.rejected(Reason.INVALID_METADATA, "unknown algorithm type " + h.algorithmType());
        }
        if (h.hashSize() != alg.hashSize()) {
            return VerifyResult.rejected(Reason.INVALID_METADATA, "embedded hash has " + h.hashSize() + " bytes, "
                    + alg + " needs " + alg.hashSize());
        }
        byte[] signed = image.signedData();
        byte[] computed;
        try {
            computed = MessageDigest.getInstance(alg.digestName()).digest(signed);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        if (!MessageDigest.isEqual(computed, image.storedHash())) {
            return VerifyResult.rejected(Reason.HASH_MISMATCH, "vbmeta hash does not match header and auxiliary block");
        }
        AvbPublicKey key;
        try {
            key = AvbPublicKey.parse(image.publicKey());
        } catch (ImageFormatException e) {
            return VerifyResult.rejected(Reason.SIGNATURE_MISMATCH, "embedded public key unusable: " + e.getMessage());
        }
        if (key.bits() != alg.keyBits() || h.signatureSize() != alg.signatureSize()) {
            return VerifyResult.rejected(Reason.SIGNATURE_MISMATCH, alg + " with an RSA-" + key.bits() + " key and a "
                    + h.signatureSize() + "-byte signature");
        }
        try {
            Signature s = Signature.getInstance(alg.jcaSignature());
            s.initVerify(key.rsaKey());
            s.update(signed);
            if (!s.verify(image.signature())) {
                return VerifyResult.rejected(Reason.SIGNATURE_MISMATCH, "RSA signature does not verify");
            }
        } catch (GeneralSecurityException e) {
            return VerifyResult.rejected(Reason.SIGNATURE_MISMATCH, "RSA signature does not verify");
        }
        return VerifyResult.ok(new Verified(image, key));
    }

    /** Checks integrity and signature, and that the signing key is {@code trusted} (e.g. the avb_custom_key). */
    public static VerifyResult<Verified> verify(byte[] data, AvbPublicKey trusted) {
        VerifyResult<Verified> r = verify(data);
        if (r instanceof VerifyResult.Ok<Verified> ok && !ok.value().key().equals(trusted)) {
            return VerifyResult.rejected(Reason.PUBLIC_KEY_REJECTED, "vbmeta is signed by " + ok.value().key()
                    + ", not by the trusted " + trusted);
        }
        return r;
    }
}
