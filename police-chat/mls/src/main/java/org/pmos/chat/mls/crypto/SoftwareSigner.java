package org.pmos.chat.mls.crypto;

import java.math.BigInteger;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.signers.DSADigestSigner;
import org.bouncycastle.crypto.signers.ECDSASigner;
import org.bouncycastle.crypto.signers.Ed25519Signer;
import org.bouncycastle.crypto.signers.HMacDSAKCalculator;
import org.bouncycastle.crypto.signers.StandardDSAEncoding;

/**
 * A signature key held in memory (Bouncy Castle). The key is parsed once: parsing an Ed25519
 * key derives its public key, a scalar multiplication that would otherwise double the cost of
 * each application message's signature. Immutable and thread-safe.
 */
public final class SoftwareSigner implements MlsSigner {
    private final CipherSuite.SignatureScheme scheme;
    private final byte[] privateKey;
    private final byte[] publicKey;
    private final Ed25519PrivateKeyParameters ed25519;
    private final ECPrivateKeyParameters p256;

    private SoftwareSigner(CipherSuite.SignatureScheme scheme, byte[] privateKey, byte[] publicKey) {
        this.scheme = scheme;
        this.privateKey = privateKey.clone();
        if (scheme == CipherSuite.SignatureScheme.ED25519) {
            ed25519 = new Ed25519PrivateKeyParameters(privateKey);
            p256 = null;
        } else {
            ed25519 = null;
            p256 = new ECPrivateKeyParameters(new BigInteger(1, privateKey), MlsCrypto.P256_DOMAIN);
        }
        this.publicKey = publicKey.clone();
    }

    /** A key pair as {@link MlsCrypto#generateSignatureKeyPair()} makes it, for this suite. */
    public static SoftwareSigner of(CipherSuite suite, SignatureKeyPair keyPair) {
        return new SoftwareSigner(suite.signature(), keyPair.privateKey(), keyPair.publicKey());
    }

    /** A signer for a private key alone (its public key is derived). */
    public static SoftwareSigner ofPrivateKey(CipherSuite suite, byte[] privateKey) {
        return new SoftwareSigner(suite.signature(), privateKey, MlsCrypto.of(suite).signaturePublicKey(privateKey));
    }

    public static SoftwareSigner generate(CipherSuite suite) {
        return of(suite, MlsCrypto.of(suite).generateSignatureKeyPair());
    }

    @Override
    public CipherSuite.SignatureScheme scheme() {
        return scheme;
    }

    @Override
    public byte[] publicKey() {
        return publicKey.clone();
    }

    /** The private key (Ed25519 seed or P-256 scalar), for a caller that stores it encrypted. */
    public byte[] exportPrivateKey() {
        return privateKey.clone();
    }

    @Override
    public byte[] sign(byte[] signContent) {
        if (ed25519 != null) {
            Ed25519Signer s = new Ed25519Signer();
            s.init(true, ed25519);
            s.update(signContent, 0, signContent.length);
            return s.generateSignature();
        }
        DSADigestSigner s = new DSADigestSigner(new ECDSASigner(new HMacDSAKCalculator(new SHA256Digest())),
                new SHA256Digest(), StandardDSAEncoding.INSTANCE);
        s.init(true, p256);
        s.update(signContent, 0, signContent.length);
        return s.generateSignature();
    }

    @Override
    public String toString() {
        return "SoftwareSigner[" + scheme + ", private key hidden]";
    }
}
