package org.pmos.crypto.pki;

import java.io.IOException;
import java.io.StringReader;
import java.math.BigInteger;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.security.UnrecoverableKeyException;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.GeneralName;
import org.pmos.crypto.io.AtomicFiles;
import org.pmos.crypto.suite.Profile;

/**
 * The ministry's PKI as a folder: one sub-folder per {@link PkiEntity} holding its certificate
 * ({@code certificate.pem}), public key ({@code public.pem}) and private key
 * ({@code key.p12}, password-protected PKCS#12); CAs also keep {@code crl.pem},
 * {@code crl-number}, {@code revoked.txt} and {@code issued/SERIAL.pem}. All keys of one PKI
 * share one password. Times and randomness come from the caller.
 */
public final class MinistryPki {
    public static final String PROPERTIES = "pki.properties";
    public static final String TRUST_ANCHORS = "trust-anchors.pem";
    /** How long a CRL is valid; {@code pki crl} (and the provisioning server) re-sign it sooner. */
    public static final Duration CRL_VALIDITY = Duration.ofDays(7);

    private final Path dir;
    private final Profile profile;
    private final String organization;
    private final URI crlBase;

    private MinistryPki(Path dir, Profile profile, String organization, URI crlBase) {
        this.dir = dir;
        this.profile = profile;
        this.organization = organization;
        this.crlBase = crlBase;
    }

    /** What {@code pki init} asks for besides the password. */
    public record Settings(Profile profile, String organization, String country, URI crlBase) {
        public static Settings defaults(Profile profile) {
            return new Settings(profile, "PMOS Ministry", "CN", URI.create("http://crl.pmos.invalid/crl/"));
        }
    }

    public static MinistryPki init(Path dir, Settings settings, char[] password, Instant now, SecureRandom random,
            Consumer<String> progress) throws IOException, GeneralSecurityException, PkiException {
        if (Files.exists(dir.resolve(PROPERTIES))) {
            throw new PkiException(PkiException.Reason.ALREADY_EXISTS, "a PKI already exists in " + dir);
        }
        if (password.length < 8) {
            throw new IllegalArgumentException("the PKI password must have at least 8 characters");
        }
        // Build everything in a sibling folder and rename it into place: a failed init
        // leaves no half-made PKI behind.
        Path parent = dir.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        Path staging = Files.createTempDirectory(parent, "." + dir.getFileName() + ".init");
        try {
            MinistryPki pki = new MinistryPki(staging, settings.profile(), settings.organization(), settings.crlBase());
            Instant start = now.truncatedTo(ChronoUnit.SECONDS);
            // The keys made so far, so issuing does not reopen PKCS#12 files (each open is a
            // deliberately slow password derivation).
            java.util.Map<PkiEntity, java.security.PrivateKey> keys = new java.util.EnumMap<>(PkiEntity.class);
            for (PkiEntity e : PkiEntity.values()) {
                progress.accept("generating " + e.commonName() + " (" + PkiAlgorithms.requiredKeyKind(settings.profile(), e.role()) + ")");
                keys.put(e, pki.create(e, settings, password, keys, start, random));
            }
            Properties p = new Properties();
            p.setProperty("profile", settings.profile().name().toLowerCase(Locale.ROOT));
            p.setProperty("organization", settings.organization());
            p.setProperty("crlBase", settings.crlBase().toString());
            p.setProperty("created", start.toString());
            java.io.StringWriter w = new java.io.StringWriter();
            p.store(w, "PMOS ministry PKI");
            AtomicFiles.write(staging.resolve(PROPERTIES), w.toString().getBytes(StandardCharsets.UTF_8));
            AtomicFiles.write(staging.resolve(TRUST_ANCHORS),
                    Pem.encode(pki.certificate(PkiEntity.MINISTRY_ROOT)).getBytes(StandardCharsets.US_ASCII));
            if (Files.isDirectory(dir)) {
                try (Stream<Path> s = Files.list(dir)) {
                    if (s.findAny().isPresent()) {
                        throw new PkiException(PkiException.Reason.ALREADY_EXISTS, dir + " is not empty");
                    }
                }
                Files.delete(dir);
            }
            Files.move(staging, dir, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            return open(dir);
        } finally {
            deleteTree(staging);
        }
    }

    public static MinistryPki open(Path dir) throws IOException, PkiException {
        Path props = dir.resolve(PROPERTIES);
        if (!Files.isRegularFile(props)) {
            throw new PkiException(PkiException.Reason.NOT_FOUND, "no PKI in " + dir + " (run: pmos pki init)");
        }
        Properties p = new Properties();
        p.load(new StringReader(Files.readString(props, StandardCharsets.UTF_8)));
        try {
            return new MinistryPki(dir, Profile.valueOf(p.getProperty("profile", "").toUpperCase(Locale.ROOT)),
                    p.getProperty("organization", ""), URI.create(p.getProperty("crlBase", "")));
        } catch (IllegalArgumentException e) {
            throw new PkiException(PkiException.Reason.CORRUPT, props + " is damaged: " + e.getMessage());
        }
    }

    public Path dir() {
        return dir;
    }

    public Profile profile() {
        return profile;
    }

    public Path folder(PkiEntity e) {
        return dir.resolve(e.folder());
    }

    public X509Certificate certificate(PkiEntity e) throws IOException, PkiException {
        Path f = folder(e).resolve("certificate.pem");
        if (!Files.isRegularFile(f)) {
            throw new PkiException(PkiException.Reason.NOT_FOUND, "missing " + f);
        }
        try {
            return Pem.certificate(Files.readAllBytes(f));
        } catch (GeneralSecurityException ex) {
            throw new PkiException(PkiException.Reason.CORRUPT, f + ": " + ex.getMessage());
        }
    }

    /** The entity's certificate followed by its issuers up to (and including) the root. */
    public List<X509Certificate> chain(PkiEntity e) throws IOException, PkiException {
        List<X509Certificate> chain = new ArrayList<>();
        for (PkiEntity cur = e; cur != null; cur = cur.issuer()) {
            chain.add(certificate(cur));
        }
        return chain;
    }

    /** The entity's private key and chain, opened with the PKI password. */
    public KeyStoreFile.Entry keyEntry(PkiEntity e, char[] password) throws IOException, GeneralSecurityException, PkiException {
        Path f = folder(e).resolve("key.p12");
        if (!Files.isRegularFile(f)) {
            throw new PkiException(PkiException.Reason.NOT_FOUND, "missing " + f);
        }
        try {
            return KeyStoreFile.read(f, password);
        } catch (UnrecoverableKeyException ex) {
            throw new PkiException(PkiException.Reason.WRONG_PASSWORD, "wrong PKI password (cannot open " + f + ")");
        }
    }

    public CertificateAuthority authority(PkiEntity ca, char[] password) throws IOException, GeneralSecurityException, PkiException {
        requireCa(ca);
        return new CertificateAuthority(certificate(ca), keyEntry(ca, password).key());
    }

    /**
     * Certifies the key in a PKCS#10 request for {@code role}, after {@link CsrPolicy} accepted it.
     * The certificate is recorded under {@code issued/}.
     */
    public X509Certificate issue(PkiEntity ca, byte[] csr, CertificateRole role, Duration validity, char[] password,
            Instant now, SecureRandom random) throws IOException, GeneralSecurityException, PkiException {
        requireCa(ca);
        byte[] der;
        try {
            der = Pem.csrDer(csr);
        } catch (GeneralSecurityException e) {
            throw new PkiException(PkiException.Reason.CSR_REJECTED, CsrVerdict.Reason.MALFORMED, e.getMessage(), null);
        }
        CsrVerdict verdict = CsrPolicy.check(der, profile, role);
        if (verdict instanceof CsrVerdict.Rejected r) {
            throw new PkiException(PkiException.Reason.CSR_REJECTED, r.reason(), "CSR refused (" + r.reason() + "): " + r.detail(), null);
        }
        CsrVerdict.Accepted ok = (CsrVerdict.Accepted) verdict;
        return issueFor(ca, authority(ca, password), ok.subject(), ok.publicKey(), role, ok.subjectAltNames(), validity, now,
                random);
    }

    /** A new key pair of the kind the role needs, certified by {@code ca}: for TLS servers and app signers. */
    public KeyStoreFile.Entry issueKey(PkiEntity ca, CertificateRole role, X500Name subject, List<GeneralName> sans,
            Duration validity, char[] password, Instant now, SecureRandom random)
            throws IOException, GeneralSecurityException, PkiException {
        KeyPair keys = PkiAlgorithms.generate(PkiAlgorithms.requiredKeyKind(profile, role), random);
        X509Certificate cert = issueFor(ca, authority(ca, password), subject, keys.getPublic(), role, sans, validity, now,
                random);
        List<X509Certificate> chain = new ArrayList<>();
        chain.add(cert);
        chain.addAll(chain(ca));
        return new KeyStoreFile.Entry(keys.getPrivate(), chain);
    }

    public void revoke(PkiEntity ca, BigInteger serial, RevocationReason reason, Instant now) throws IOException, PkiException {
        requireCa(ca);
        if (!Files.isRegularFile(issuedFile(ca, serial))) {
            throw new PkiException(PkiException.Reason.UNKNOWN_SERIAL, ca.folder() + " never issued serial " + hex(serial));
        }
        List<RevokedCertificate> revoked = revoked(ca);
        if (revoked.stream().anyMatch(r -> r.serial().equals(serial))) {
            throw new PkiException(PkiException.Reason.ALREADY_REVOKED, "serial " + hex(serial) + " is already revoked");
        }
        revoked.add(new RevokedCertificate(serial, now.truncatedTo(ChronoUnit.SECONDS), reason));
        StringBuilder sb = new StringBuilder("# serial revoked-at reason\n");
        for (RevokedCertificate r : revoked) {
            sb.append(hex(r.serial())).append(' ').append(r.revokedAt()).append(' ').append(r.reason()).append('\n');
        }
        AtomicFiles.write(folder(ca).resolve("revoked.txt"), sb.toString().getBytes(StandardCharsets.UTF_8));
    }

    public List<RevokedCertificate> revoked(PkiEntity ca) throws IOException, PkiException {
        Path f = folder(ca).resolve("revoked.txt");
        List<RevokedCertificate> out = new ArrayList<>();
        if (!Files.isRegularFile(f)) {
            return out;
        }
        for (String line : Files.readAllLines(f, StandardCharsets.UTF_8)) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] parts = line.trim().split(" ");
            try {
                out.add(new RevokedCertificate(new BigInteger(parts[0], 16), Instant.parse(parts[1]),
                        RevocationReason.valueOf(parts[2])));
            } catch (RuntimeException e) {
                throw new PkiException(PkiException.Reason.CORRUPT, f + " has a damaged line: " + line);
            }
        }
        return out;
    }

    /** Signs a fresh CRL (next CRL number) and writes it to {@code crl.pem}. */
    public X509CRL crl(PkiEntity ca, char[] password, Instant now) throws IOException, GeneralSecurityException, PkiException {
        return writeCrl(ca, authority(ca, password), now);
    }

    private X509CRL writeCrl(PkiEntity ca, CertificateAuthority authority, Instant now)
            throws IOException, GeneralSecurityException, PkiException {
        Path numberFile = folder(ca).resolve("crl-number");
        BigInteger number = Files.isRegularFile(numberFile)
                ? new BigInteger(Files.readString(numberFile).trim()).add(BigInteger.ONE) : BigInteger.ONE;
        Instant thisUpdate = now.truncatedTo(ChronoUnit.SECONDS);
        X509CRL crl = authority.crl(revoked(ca), number, thisUpdate, thisUpdate.plus(CRL_VALIDITY));
        AtomicFiles.write(folder(ca).resolve("crl.pem"), Pem.encode(crl).getBytes(StandardCharsets.US_ASCII));
        AtomicFiles.write(numberFile, (number + "\n").getBytes(StandardCharsets.US_ASCII));
        return crl;
    }

    /** The CRL distribution point written into certificates that {@code ca} issues. */
    public URI crlDistributionPoint(PkiEntity ca) {
        return crlBase.resolve(ca.folder() + ".crl");
    }

    public static String hex(BigInteger serial) {
        return serial.toString(16);
    }

    private X509Certificate issueFor(PkiEntity ca, CertificateAuthority authority, X500Name subject,
            java.security.PublicKey key, CertificateRole role, List<GeneralName> sans, Duration validity, Instant now,
            SecureRandom random) throws IOException, GeneralSecurityException, PkiException {
        Instant notBefore = now.truncatedTo(ChronoUnit.SECONDS);
        Instant notAfter = notBefore.plus(validity != null ? validity : years(notBefore, role.defaultValidityYears()));
        Instant caEnd = authority.certificate().getNotAfter().toInstant();
        if (notAfter.isAfter(caEnd)) {
            notAfter = caEnd;
        }
        BigInteger serial = newSerial(random);
        X509Certificate cert = authority.issue(new CertificateAuthority.Request(subject, key, role, notBefore, notAfter,
                serial, sans, crlDistributionPoint(ca)));
        AtomicFiles.write(issuedFile(ca, serial), Pem.encode(cert).getBytes(StandardCharsets.US_ASCII));
        return cert;
    }

    private java.security.PrivateKey create(PkiEntity e, Settings settings, char[] password,
            java.util.Map<PkiEntity, java.security.PrivateKey> issuerKeys, Instant now, SecureRandom random)
            throws IOException, GeneralSecurityException, PkiException {
        KeyPair keys = PkiAlgorithms.generate(PkiAlgorithms.requiredKeyKind(profile, e.role()), random);
        X500Name subject = name(e, settings);
        X509Certificate cert;
        List<X509Certificate> chain = new ArrayList<>();
        if (e.issuer() == null) {
            cert = CertificateAuthority.selfSigned(subject, keys, now, now.plus(years(now, e.role().defaultValidityYears())),
                    newSerial(random));
        } else {
            CertificateAuthority issuer = new CertificateAuthority(certificate(e.issuer()), issuerKeys.get(e.issuer()));
            cert = issueFor(e.issuer(), issuer, subject, keys.getPublic(), e.role(), List.of(), null, now, random);
        }
        chain.add(cert);
        if (e.issuer() != null) {
            chain.addAll(chain(e.issuer()));
        }
        Path f = folder(e);
        Files.createDirectories(f);
        AtomicFiles.write(f.resolve("certificate.pem"), Pem.encode(cert).getBytes(StandardCharsets.US_ASCII));
        AtomicFiles.write(f.resolve("public.pem"), Pem.encode(keys.getPublic()).getBytes(StandardCharsets.US_ASCII));
        KeyStoreFile.write(f.resolve("key.p12"), keys.getPrivate(), chain, password);
        if (e.isCa()) {
            writeCrl(e, new CertificateAuthority(cert, keys.getPrivate()), now);
        }
        return keys.getPrivate();
    }

    private X500Name name(PkiEntity e, Settings s) {
        X500NameBuilder b = new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.C, s.country());
        boolean oem = e == PkiEntity.OEM_ATTESTATION_ROOT || e == PkiEntity.OEM_IMAGE_SIGNING;
        b.addRDN(BCStyle.O, oem ? "PMOS Handset Factory" : s.organization());
        return b.addRDN(BCStyle.CN, e.commonName()).build();
    }

    private Path issuedFile(PkiEntity ca, BigInteger serial) {
        return folder(ca).resolve("issued").resolve(hex(serial) + ".pem");
    }

    private static void requireCa(PkiEntity e) throws PkiException {
        if (!e.isCa()) {
            throw new PkiException(PkiException.Reason.NOT_A_CA, e.folder() + " is not a certificate authority");
        }
    }

    /** RFC 5280 wants serials positive and at most 20 octets; 127 random bits leave no room to guess. */
    static BigInteger newSerial(SecureRandom random) {
        byte[] b = new byte[16];
        BigInteger s;
        do {
            random.nextBytes(b);
            b[0] &= 0x7f;
            s = new BigInteger(1, b);
        } while (s.signum() == 0);
        return s;
    }

    private static Duration years(Instant from, int years) {
        return Duration.between(from, from.atZone(ZoneOffset.UTC).plusYears(years).toInstant());
    }

    private static void deleteTree(Path p) throws IOException {
        if (!Files.exists(p)) {
            return;
        }
        try (Stream<Path> s = Files.walk(p)) {
            for (Path x : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(x);
            }
        }
    }
}
