package org.pmos.image.vbmeta;

import java.io.ByteArrayOutputStream;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.interfaces.RSAKey;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.pmos.image.VerifyResult;

/**
 * Builds and signs a vbmeta blob laid out exactly as avbtool's {@code make_vbmeta_image}:
 * authentication block = hash then signature, auxiliary block = descriptors, public key,
 * public key metadata, each block zero-padded to 64 bytes. PKCS#1 v1.5 signatures are
 * deterministic, so the same input gives the same bytes.
 */
public final class VbmetaBuilder {
    /** Our release string, in the header's 48-byte field. */
    public static final String RELEASE = "pmos device-image 0.1";

    private AvbAlgorithm algorithm = AvbAlgorithm.NONE;
    private PrivateKey privateKey;
    private AvbPublicKey publicKey;
    private long rollbackIndex;
    private int rollbackIndexLocation;
    private int flags;
    private int requiredMinor;
    private String releaseString = RELEASE;
    private byte[] publicKeyMetadata = new byte[0];
    private final List<Descriptor> descriptors = new ArrayList<>();

    /** Signs with {@code algorithm}; the key pair's size must match it (e.g. RSA-4096 for SHA256_RSA4096). */
    public VbmetaBuilder signWith(AvbAlgorithm algorithm, PrivateKey privateKey, AvbPublicKey publicKey) {
        if (algorithm == AvbAlgorithm.NONE) {
            throw new IllegalArgumentException("use no key for algorithm NONE");
        }
        if (!(privateKey instanceof RSAKey rsa) || rsa.getModulus().bitLength() != algorithm.keyBits()
                || publicKey.bits() != algorithm.keyBits()) {
            throw new IllegalArgumentException(algorithm + " needs an RSA-" + algorithm.keyBits() + " key pair");
        }
        this.algorithm = algorithm;
        this.privateKey = privateKey;
        this.publicKey = publicKey;
        return this;
    }

    public VbmetaBuilder rollbackIndex(long rollbackIndex) {
        if (rollbackIndex < 0) {
            throw new IllegalArgumentException("rollback index must be >= 0");
        }
        this.rollbackIndex = rollbackIndex;
        return this;
    }

    public VbmetaBuilder rollbackIndexLocation(int location) {
        if (location < 0) {
            throw new IllegalArgumentException("rollback index location must be >= 0");
        }
        this.rollbackIndexLocation = location;
        return this;
    }

    public VbmetaBuilder flags(int flags) {
        this.flags = flags;
        return this;
    }

    /** Raises the required libavb minor version (avbtool does this for features that need it). */
    public VbmetaBuilder requireLibavbMinor(int minor) {
        this.requiredMinor = Math.max(requiredMinor, minor);
        return this;
    }

    public VbmetaBuilder releaseString(String releaseString) {
        this.releaseString = Objects.requireNonNull(releaseString);
        return this;
    }

    public VbmetaBuilder publicKeyMetadata(byte[] metadata) {
        this.publicKeyMetadata = metadata.clone();
        return this;
    }

    public VbmetaBuilder add(Descriptor d) {
        descriptors.add(Objects.requireNonNull(d));
        return this;
    }

    public VbmetaBuilder addAll(List<? extends Descriptor> ds) {
        ds.forEach(this::add);
        return this;
    }

    /** The blob, without padding. */
    public byte[] build() {
        byte[] encodedDescriptors = DescriptorCodec.encodeAll(descriptors);
        byte[] key = publicKey == null ? new byte[0] : publicKey.encoded();
        long auxSize = pad64(encodedDescriptors.length + key.length + publicKeyMetadata.length);
        long authSize = algorithm == AvbAlgorithm.NONE ? 0 : pad64(algorithm.hashSize() + algorithm.signatureSize());
        // avbtool: a rollback index location needs libavb 1.2.
        int minor = Math.max(requiredMinor, rollbackIndexLocation > 0 ? 2 : 0);
        VbmetaHeader h = new VbmetaHeader(1, minor, authSize, auxSize, algorithm.type(),
                0, algorithm.hashSize(), algorithm.hashSize(), algorithm.signatureSize(),
                encodedDescriptors.length, key.length, encodedDescriptors.length + key.length, publicKeyMetadata.length,
                0, encodedDescriptors.length, rollbackIndex, flags, rollbackIndexLocation, releaseString);
        byte[] header = h.encode();
        ByteArrayOutputStream aux = new ByteArrayOutputStream();
        aux.writeBytes(encodedDescriptors);
        aux.writeBytes(key);
        aux.writeBytes(publicKeyMetadata);
        byte[] auxBlock = Arrays.copyOf(aux.toByteArray(), (int) auxSize);
        byte[] authBlock = new byte[(int) authSize];
        if (algorithm != AvbAlgorithm.NONE) {
            try {
                MessageDigest md = MessageDigest.getInstance(algorithm.digestName());
                md.update(header);
                md.update(auxBlock);
                byte[] hash = md.digest();
                Signature s = Signature.getInstance(algorithm.jcaSignature());
                s.initSign(privateKey);
                s.update(header);
                s.update(auxBlock);
                byte[] sig = s.sign();
                System.arraycopy(hash, 0, authBlock, 0, hash.length);
                System.arraycopy(sig, 0, authBlock, hash.length, sig.length);
            } catch (GeneralSecurityException e) {
                throw new IllegalArgumentException("signing vbmeta failed with the given " + algorithm + " key", e);
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(header);
        out.writeBytes(authBlock);
        out.writeBytes(auxBlock);
        byte[] blob = out.toByteArray();
        if (algorithm != AvbAlgorithm.NONE && !(VbmetaVerifier.verify(blob, publicKey) instanceof VerifyResult.Ok)) {
            // Catches a private key that does not belong to the public key before anything is written.
            throw new IllegalArgumentException("the private key does not match the public key");
        }
        return blob;
    }

    private static long pad64(long n) {
        return (n + 63) & ~63L;
    }
}
