package org.pmos.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.pmos.crypto.pki.CertificateRole;
import org.pmos.crypto.pki.KeyStoreFile;
import org.pmos.crypto.pki.MinistryPki;
import org.pmos.crypto.pki.PkiEntity;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code pmos pki admin}: a new key and admin certificate ({@link CertificateRole#ADMIN}, from
 * the service CA) for the provisioning server's admin API and console. The role goes into the
 * subject's OU, where the server reads it. The key is written as PKCS#12 under the same
 * password as the PKI (from {@code --password-file}, {@code $PMOS_PASSWORD} or a prompt).
 */
@Command(name = "admin", mixinStandardHelpOptions = true,
        description = "Issue an admin key and certificate (service CA, clientAuth) for the provisioning server's "
                + "admin API: PKCS#12 under the PKI password.")
final class PkiAdminCommand implements Callable<Integer> {
    static final List<String> ROLES = List.of("viewer", "operator", "security-officer");

    @Spec CommandSpec spec;
    @Mixin PasswordOptions password;

    @Option(names = "--pki", paramLabel = "DIR", description = "The PKI folder (default: $PMOS_HOME/pki).")
    Path pkiDir;

    @Option(names = "--name", required = true, description = "The administrator (the certificate's CN).")
    String name;

    @Option(names = "--role", required = true,
            description = "viewer (read), operator (import, assign, lock, policy and apps) or security-officer (also "
                    + "wipe and revoke).")
    String role;

    @Option(names = "--days", defaultValue = "365", description = "Validity in days (default: ${DEFAULT-VALUE}).")
    int days;

    @Option(names = "--out", paramLabel = "FILE", description = "The PKCS#12 file (default: $PMOS_HOME/admin.p12).")
    Path out;

    @Override
    public Integer call() throws Exception {
        if (!ROLES.contains(role)) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--role must be one of " + ROLES);
        }
        if (name.isBlank() || name.length() > 64) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--name must be 1..64 characters");
        }
        Path file = out != null ? out : PmosHome.dir().resolve("admin.p12");
        if (Files.exists(file)) {
            throw new Refused(file + " exists; remove it or pass --out");
        }
        MinistryPki pki = PkiCommand.open(pkiDir != null ? pkiDir : PmosHome.pki());
        X509Certificate cert = password.use("PKI", pw -> {
            KeyStoreFile.Entry e = pki.issueKey(PkiEntity.SERVICE_CA, CertificateRole.ADMIN,
                    new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.CN, name).addRDN(BCStyle.OU, role).build(), List.of(),
                    Duration.ofDays(days), pw, Instant.now(), new SecureRandom());
            Files.createDirectories(file.toAbsolutePath().getParent());
            KeyStoreFile.write(file, e.key(), e.chain(), pw);
            return e.chain().get(0);
        });
        spec.commandLine().getOut().printf("admin %s (%s), serial %s, valid until %s -> %s%n", name, role,
                MinistryPki.hex(cert.getSerialNumber()), cert.getNotAfter().toInstant(), file);
        return 0;
    }
}
