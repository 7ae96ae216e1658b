package org.pmos.cli;

import java.io.PrintWriter;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.pmos.crypto.io.AtomicFiles;
import org.pmos.crypto.pki.CertificateRole;
import org.pmos.crypto.pki.KeyKind;
import org.pmos.crypto.pki.MinistryPki;
import org.pmos.crypto.pki.Pem;
import org.pmos.crypto.pki.PkiEntity;
import org.pmos.crypto.pki.PkiException;
import org.pmos.crypto.pki.RevocationReason;
import org.pmos.crypto.suite.Profile;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "pki", mixinStandardHelpOptions = true,
        description = "The ministry PKI: root, image and policy signing keys, app signing, device and service CAs.",
        subcommands = {PkiCommand.Init.class, PkiCommand.Issue.class, PkiCommand.Revoke.class, PkiCommand.Crl.class,
                PkiCommand.Show.class, PkiAdminCommand.class})
final class PkiCommand {

    static MinistryPki open(Path dir) throws PkiException {
        try {
            return MinistryPki.open(dir);
        } catch (java.io.IOException e) {
            throw new Refused("cannot read the PKI in " + dir + ": " + e.getMessage(), e);
        }
    }

    static String fingerprint(X509Certificate cert) throws Exception {
        return HexFormat.ofDelimiter(":").withUpperCase()
                .formatHex(MessageDigest.getInstance("SHA-256").digest(cert.getEncoded()));
    }

    @Command(name = "init", mixinStandardHelpOptions = true,
            description = "Create the hierarchy: ministry root, image signing key (RSA-4096), app signing CA, "
                    + "policy signing key, device CA, service CA, and an OEM attestation root.")
    static final class Init implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Mixin PasswordOptions password;

        @Option(names = "--profile", defaultValue = "nist", description = "nist or gm (default: ${DEFAULT-VALUE}).")
        Profile profile;

        @Option(names = "--out", paramLabel = "DIR", description = "Where the PKI goes (default: $PMOS_HOME/pki).")
        Path out;

        @Option(names = "--organization", defaultValue = "PMOS Ministry", description = "O= of the ministry's certificates.")
        String organization;

        @Option(names = "--crl-base", defaultValue = "http://crl.pmos.invalid/crl/",
                description = "Base URL written into certificates' CRL distribution points.")
        java.net.URI crlBase;

        @Override
        public Integer call() throws Exception {
            Path dir = out != null ? out : PmosHome.pki();
            PrintWriter err = spec.commandLine().getErr();
            MinistryPki pki = password.use("new PKI", pw -> MinistryPki.init(dir, new MinistryPki.Settings(profile, organization, "CN", crlBase), pw,
                        Instant.now(), new SecureRandom(), step -> err.println("  " + step)));
            PrintWriter o = spec.commandLine().getOut();
            o.println("PKI created in " + pki.dir() + " (profile " + profile.name().toLowerCase(Locale.ROOT) + ")");
            new Show().print(pki, o);
            return 0;
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true, description = "List the PKI's keys and certificates.")
    static final class Show implements Callable<Integer> {
        @Spec CommandSpec spec;

        @Option(names = "--pki", paramLabel = "DIR", description = "The PKI folder (default: $PMOS_HOME/pki).")
        Path pkiDir;

        @Override
        public Integer call() throws Exception {
            print(open(pkiDir != null ? pkiDir : PmosHome.pki()), spec.commandLine().getOut());
            return 0;
        }

        void print(MinistryPki pki, PrintWriter o) throws Exception {
            for (PkiEntity e : PkiEntity.values()) {
                X509Certificate c = pki.certificate(e);
                o.printf("%-22s %-9s until %s  %s%n", e.folder(), KeyKind.of(c.getPublicKey()),
                        c.getNotAfter().toInstant().toString().substring(0, 10), c.getSubjectX500Principal().getName());
                o.printf("%-22s sha256 %s%n", "", fingerprint(c));
                if (e.isCa()) {
                    int revoked = pki.revoked(e).size();
                    if (revoked > 0) {
                        o.printf("%-22s %d revoked%n", "", revoked);
                    }
                }
            }
        }
    }

    /** Accepts {@code device}, {@code app-signer}, {@code APP_SIGNER}. */
    static final class RoleConverter implements ITypeConverter<CertificateRole> {
        @Override
        public CertificateRole convert(String value) {
            return CertificateRole.valueOf(value.replace('-', '_').toUpperCase(Locale.ROOT));
        }
    }

    static final class CaConverter implements ITypeConverter<PkiEntity> {
        @Override
        public PkiEntity convert(String value) {
            return PkiEntity.byFolder(value);
        }
    }

    @Command(name = "issue", mixinStandardHelpOptions = true,
            description = "Certify the key of a PKCS#10 request (PEM or DER). Refuses a request whose signature "
                    + "does not verify or whose key is too weak or of another profile, saying why.")
    static final class Issue implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Mixin PasswordOptions password;

        @Option(names = "--pki", paramLabel = "DIR", description = "The PKI folder (default: $PMOS_HOME/pki).")
        Path pkiDir;

        @Option(names = "--ca", required = true, converter = CaConverter.class,
                description = "Issuing CA: device-ca, service-ca or app-signing-ca.")
        PkiEntity ca;

        @Option(names = "--csr", required = true, paramLabel = "FILE", description = "The PKCS#10 request.")
        Path csr;

        @Option(names = "--role", required = true, converter = RoleConverter.class,
                description = "device, server or app-signer.")
        CertificateRole role;

        @Option(names = "--days", description = "Validity in days (default: the role's).")
        Integer days;

        @Option(names = "--out", required = true, paramLabel = "FILE",
                description = "Where the certificate and its chain go (PEM).")
        Path out;

        @Override
        public Integer call() throws Exception {
            MinistryPki pki = open(pkiDir != null ? pkiDir : PmosHome.pki());
            X509Certificate cert = password.use("PKI", pw -> pki.issue(ca, Files.readAllBytes(csr), role, days == null ? null : Duration.ofDays(days), pw,
                        Instant.now(), new SecureRandom()));
            List<Object> chain = new ArrayList<>();
            chain.add(cert);
            chain.addAll(pki.chain(ca));
            AtomicFiles.write(out, Pem.encode(chain.toArray()).getBytes(StandardCharsets.US_ASCII));
            spec.commandLine().getOut().printf("issued serial %s to %s, valid until %s -> %s%n",
                    MinistryPki.hex(cert.getSerialNumber()), cert.getSubjectX500Principal().getName(),
                    cert.getNotAfter().toInstant(), out);
            return 0;
        }
    }

    @Command(name = "revoke", mixinStandardHelpOptions = true,
            description = "Revoke a certificate a CA issued, and re-sign that CA's CRL.")
    static final class Revoke implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Mixin PasswordOptions password;

        @Option(names = "--pki", paramLabel = "DIR", description = "The PKI folder (default: $PMOS_HOME/pki).")
        Path pkiDir;

        @Option(names = "--ca", required = true, converter = CaConverter.class, description = "The issuing CA.")
        PkiEntity ca;

        @Option(names = "--serial", required = true, description = "Serial number, hexadecimal.")
        String serial;

        @Option(names = "--reason", defaultValue = "unspecified",
                description = "unspecified, key-compromise, affiliation-changed, superseded, cessation-of-operation, certificate-hold.")
        String reason;

        @Override
        public Integer call() throws Exception {
            MinistryPki pki = open(pkiDir != null ? pkiDir : PmosHome.pki());
            BigInteger s;
            RevocationReason r;
            try {
                s = new BigInteger(serial.replace(":", ""), 16);
                r = RevocationReason.parse(reason);
            } catch (IllegalArgumentException e) {
                throw new picocli.CommandLine.ParameterException(spec.commandLine(), "bad --serial or --reason: " + e.getMessage());
            }
            password.use("PKI", pw -> {
                pki.keyEntry(ca, pw); // check the password before changing anything
                pki.revoke(ca, s, r, Instant.now());
                return pki.crl(ca, pw, Instant.now());
            });
            spec.commandLine().getOut().printf("revoked %s (%s); CRL re-signed: %s%n", MinistryPki.hex(s),
                    r.name().toLowerCase(Locale.ROOT), pki.folder(ca).resolve("crl.pem"));
            return 0;
        }
    }

    @Command(name = "crl", mixinStandardHelpOptions = true, description = "Re-sign a CA's CRL (next CRL number).")
    static final class Crl implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Mixin PasswordOptions password;

        @Option(names = "--pki", paramLabel = "DIR", description = "The PKI folder (default: $PMOS_HOME/pki).")
        Path pkiDir;

        @Option(names = "--ca", required = true, converter = CaConverter.class, description = "The CA.")
        PkiEntity ca;

        @Option(names = "--out", paramLabel = "FILE", description = "Also copy the CRL here (PEM).")
        Path out;

        @Override
        public Integer call() throws Exception {
            MinistryPki pki = open(pkiDir != null ? pkiDir : PmosHome.pki());
            java.security.cert.X509CRL crl = password.use("PKI", pw -> pki.crl(ca, pw, Instant.now()));
            if (out != null) {
                AtomicFiles.write(out, Pem.encode(crl).getBytes(StandardCharsets.US_ASCII));
            }
            int n = crl.getRevokedCertificates() == null ? 0 : crl.getRevokedCertificates().size();
            spec.commandLine().getOut().printf("CRL of %s: %d revoked, next update %s -> %s%n", ca.folder(), n,
                    crl.getNextUpdate().toInstant(), out != null ? out : pki.folder(ca).resolve("crl.pem"));
            return 0;
        }
    }
}
