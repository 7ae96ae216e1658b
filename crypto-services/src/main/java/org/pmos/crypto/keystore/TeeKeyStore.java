package org.pmos.crypto.keystore;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.pmos.crypto.io.AtomicFiles;
import org.pmos.crypto.attestation.KeyDescription;
import org.pmos.crypto.attestation.RootOfTrust;
import org.pmos.crypto.internal.ContentSigners;
import org.pmos.crypto.internal.Primitives;
import org.pmos.crypto.key.KeyHandle;
import org.pmos.crypto.key.SecretBytes;
import org.pmos.crypto.suite.AlgorithmSuite;

/**
 * The handset's TEE keystore model: keys are generated inside and used by alias; no method
 * returns private key material. Keys are persisted in a folder, each encrypted under a key
 * derived from the device secret. Keys can be attested (Android key attestation, KeyMint
 * layout) by the per-handset factory attestation key, and data can be sealed to the boot
 * identity the bootloader reported.
 *
 * <p>One instance per handset boot: the bootloader's {@link RootOfTrust} is fixed for its life.
 * Not thread-safe; the emulator's TEE service serialises calls.
 */
public final class TeeKeyStore {
    private static final Pattern ALIAS = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    private static final String SUFFIX = ".key";
    private static final String ATTESTATION_FILE = "factory-attestation" + SUFFIX;
    /** The factory attestation key; ECDSA P-256 as on most Android devices. */
    private static final AlgorithmSuite ATTESTATION_SUITE = AlgorithmSuite.ECDSA_P256_SHA256;

    private final Path keysDir;
    private final Path attestationFile;
    private final SecretBytes deviceSecret;
    private final KeyBlobs blobs;
    private final DeviceIds ids;
    private final RootOfTrust rootOfTrust;
    private final SystemVersions versions;
    private final Clock clock;
    private final Map<String, KeyBlobs.Stored> keys = new TreeMap<>();
    private KeyBlobs.Stored attestationKey;

    private TeeKeyStore(Path folder, SecretBytes deviceSecret, DeviceIds ids, RootOfTrust rootOfTrust,
            SystemVersions versions, Clock clock) throws GeneralSecurityException {
        this.keysDir = folder.resolve("keys");
        this.attestationFile = folder.resolve(ATTESTATION_FILE);
        this.deviceSecret = deviceSecret;
        this.blobs = new KeyBlobs(deviceSecret);
        this.ids = ids;
        this.rootOfTrust = rootOfTrust;
        this.versions = versions;
        this.clock = clock;
    }

    /**
     * Opens (or creates) the keystore in {@code folder}, decrypting the keys stored there.
     *
     * @throws GeneralSecurityException when a stored key does not open with this device secret
     */
    public static TeeKeyStore open(Path folder, SecretBytes deviceSecret, DeviceIds ids, RootOfTrust rootOfTrust,
            SystemVersions versions, Clock clock) throws IOException, GeneralSecurityException {
        TeeKeyStore ks = new TeeKeyStore(folder, Objects.requireNonNull(deviceSecret), Objects.requireNonNull(ids),
                Objects.requireNonNull(rootOfTrust), Objects.requireNonNull(versions), Objects.requireNonNull(clock));
        Files.createDirectories(ks.keysDir);
        if (Files.exists(ks.attestationFile)) {
            ks.attestationKey = ks.blobs.open(ATTESTATION_FILE, read(ks.attestationFile));
        }
        try (DirectoryStream<Path> dir = Files.newDirectoryStream(ks.keysDir, "*" + SUFFIX)) {
            for (Path p : dir) {
                String alias = p.getFileName().toString();
                alias = alias.substring(0, alias.length() - SUFFIX.length());
                if (ALIAS.matcher(alias).matches()) {
                    ks.keys.put(alias, ks.blobs.open(alias, read(p)));
                }
            }
        }
        return ks;
    }

    /**
     * Factory step: generates the handset's attestation key inside the TEE and has the OEM
     * attestation root certify it. Returns the chain [factory attestation cert, OEM root].
     */
    public List<X509Certificate> provisionAttestationKey(OemAttestationRoot oem) throws IOException, GeneralSecurityException {
        if (attestationKey != null) {
            throw new IllegalStateException("this TEE already holds a factory attestation key");
        }
        KeyHandle key = KeyHandle.generate(ATTESTATION_SUITE);
        X509Certificate cert = AttestationCertificates.factoryCertificate(oem, key.publicKey().orElseThrow(), ids, clock.instant());
        if (!ContentSigners.verifies(cert, oem.certificate().getPublicKey())) {
            throw new GeneralSecurityException("the OEM root's signature on the factory certificate does not verify");
        }
        List<X509Certificate> chain = List.of(cert, oem.certificate());
        AtomicFiles.writePrivate(attestationFile, blobs.seal(ATTESTATION_FILE, key, chain));
        attestationKey = new KeyBlobs.Stored(key, chain);
        return chain;
    }

    /** The factory attestation chain [factory attestation cert, OEM root], if provisioned. */
    public Optional<List<X509Certificate>> attestationChain() {
        return Optional.ofNullable(attestationKey).map(KeyBlobs.Stored::chain);
    }

    /**
     * Generates a key under {@code alias}. With a challenge, the key is attested: its chain
     * is [key certificate carrying KeyDescription, factory attestation cert, OEM root].
     */
    public GeneratedKey generateKey(String alias, AlgorithmSuite suite, Optional<byte[]> attestationChallenge)
            throws IOException, GeneralSecurityException {
        requireAlias(alias);
        if (keys.containsKey(alias)) {
            throw new IllegalArgumentException("alias " + alias + " is taken");
        }
        KeyBlobs.keyAlgorithm(suite); // refuses suites the TEE does not hold (AEAD, hash, KDF)
        KeyHandle key = KeyHandle.generate(suite);
        List<X509Certificate> chain = new ArrayList<>();
        if (attestationChallenge.isPresent()) {
            byte[] challenge = attestationChallenge.get();
            // KeyMint refuses challenges over 128 bytes (ErrorCode::INVALID_INPUT_LENGTH).
            if (challenge.length > 128) {
                throw new IllegalArgumentException("attestation challenge longer than 128 bytes");
            }
            if (attestationKey == null) {
                throw new IllegalStateException("no factory attestation key: provision the TEE first");
            }
            KeyDescription d = AttestationCertificates.describe(suite, challenge, ids, rootOfTrust, versions, clock.instant());
            chain.add(AttestationCertificates.keyCertificate(attestationKey.key(), attestationKey.chain().get(0),
                    key.publicKey().orElseThrow(), d, clock.instant()));
            chain.addAll(attestationKey.chain());
        }
        AtomicFiles.writePrivate(keysDir.resolve(alias + SUFFIX), blobs.seal(alias, key, chain));
        keys.put(alias, new KeyBlobs.Stored(key, chain));
        return info(alias);
    }

    /** Signs with the key {@code alias} (the suite's standard signature format). */
    public byte[] sign(String alias, byte[] data) throws GeneralSecurityException {
        KeyHandle k = key(alias, AlgorithmSuite.Kind.SIGNATURE);
        return Primitives.signer(k).sign(data);
    }

    /** Diffie-Hellman between key {@code alias} and {@code peer}: a per-session secret, never the stored key. */
    public SecretBytes agree(String alias, PublicKey peer) throws GeneralSecurityException {
        return Primitives.keyAgreement(key(alias, AlgorithmSuite.Kind.KEY_AGREEMENT)).agree(peer);
    }

    /** The public parts of key {@code alias}. */
    public GeneratedKey info(String alias) {
        KeyBlobs.Stored s = stored(alias);
        return new GeneratedKey(alias, s.key().suite(), s.key().publicKey().orElseThrow(), s.chain());
    }

    public SortedSet<String> aliases() {
        return new TreeSet<>(keys.keySet());
    }

    public void deleteKey(String alias) throws IOException {
        stored(alias);
        Files.deleteIfExists(keysDir.resolve(alias + SUFFIX));
        keys.remove(alias);
    }

    /** Seals {@code data} to this boot's identity (boot key, lock state, boot state). */
    public byte[] seal(byte[] data) throws GeneralSecurityException {
        return SealedBlobs.seal(deviceSecret, rootOfTrust, data);
    }

    /** Opens a sealed blob; fails ("decryption failed") when booted with another key or state. */
    public byte[] unseal(byte[] blob) throws GeneralSecurityException {
        return SealedBlobs.unseal(deviceSecret, rootOfTrust, blob);
    }

    private KeyHandle key(String alias, AlgorithmSuite.Kind kind) {
        KeyHandle k = stored(alias).key();
        if (k.suite().kind() != kind) {
            throw new IllegalArgumentException("key " + alias + " is a " + k.suite() + " key, not for " + kind);
        }
        return k;
    }

    private KeyBlobs.Stored stored(String alias) {
        requireAlias(alias);
        KeyBlobs.Stored s = keys.get(alias);
        if (s == null) {
            throw new IllegalArgumentException("no key " + alias);
        }
        return s;
    }

    private static void requireAlias(String alias) {
        if (alias == null || !ALIAS.matcher(alias).matches()) {
            throw new IllegalArgumentException("alias must match " + ALIAS.pattern());
        }
    }

    private static byte[] read(Path p) throws IOException, GeneralSecurityException {
        if (Files.size(p) > KeyBlobs.MAX_BLOB_LENGTH) {
            throw new GeneralSecurityException("key blob " + p.getFileName() + " is too large");
        }
        return Files.readAllBytes(p);
    }
}
