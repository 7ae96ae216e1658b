package org.pmos.chat.client;

import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.security.cert.TrustAnchor;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.pmos.chat.mls.group.GroupConfig;
import org.pmos.chat.mls.group.X509CredentialValidator;
import org.pmos.chat.relay.RelayLauncher;
import org.pmos.chat.relay.RelayServer;
import org.pmos.crypto.pki.CertificateRole;
import org.pmos.crypto.pki.KeyStoreFile;
import org.pmos.crypto.pki.MinistryPki;
import org.pmos.crypto.pki.PkiEntity;
import org.pmos.crypto.pki.RevocationReason;
import org.pmos.crypto.suite.Profile;

/** A ministry PKI for a test class, device keys from its device CA, and relays and clients using them. */
final class TestPki {
    static final char[] PASSWORD = "relay-test-password".toCharArray();

    final MinistryPki pki;
    private final SecureRandom random = new SecureRandom();

    private static TestPki shared;

    /**
     * One PKI for every test class of this JVM: making one costs an RSA-4096 key (the image
     * signing key), far the slowest step. Each test class issues its own device ids.
     */
    static synchronized TestPki shared() throws Exception {
        if (shared == null) {
            Path dir = Files.createTempDirectory("chat-test-pki");
            Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteTree(dir)));
            shared = new TestPki(dir);
        }
        return shared;
    }

    private static void deleteTree(Path dir) {
        try (var s = Files.walk(dir)) {
            s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (java.io.IOException e) {
            // best effort at exit
        }
    }

    TestPki(Path dir) throws Exception {
        pki = MinistryPki.init(dir.resolve("pki"), MinistryPki.Settings.defaults(Profile.NIST), PASSWORD, Instant.now(),
                random, s -> {});
    }

    /** A device certificate (subject serialNumber = the device id, CN = the officer) and its key. */
    KeyStoreFile.Entry issueDevice(String device, String officer) throws Exception {
        return pki.issueKey(PkiEntity.DEVICE_CA, CertificateRole.DEVICE,
                new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.CN, officer).addRDN(BCStyle.SERIALNUMBER, device)
                        .build(), List.of(), Duration.ofDays(30), PASSWORD, Instant.now(), random);
    }

    DeviceKey deviceKey(String device, String officer) throws Exception {
        return deviceKey(issueDevice(device, officer));
    }

    static DeviceKey deviceKey(KeyStoreFile.Entry e) throws Exception {
        return new SoftwareDeviceKey(e.key(), e.chain().subList(0, e.chain().size() - 1)); // the root is the anchor
    }

    void revoke(BigInteger serial) throws Exception {
        pki.revoke(PkiEntity.DEVICE_CA, serial, RevocationReason.KEY_COMPROMISE, Instant.now());
        pki.crl(PkiEntity.DEVICE_CA, PASSWORD, Instant.now());
    }

    X509Certificate root() throws Exception {
        return pki.certificate(PkiEntity.MINISTRY_ROOT);
    }

    GroupConfig groupConfig() throws Exception {
        X509CRL device = org.pmos.crypto.pki.Pem.crl(Files.readAllBytes(pki.folder(PkiEntity.DEVICE_CA).resolve("crl.pem")));
        X509CRL root = org.pmos.crypto.pki.Pem.crl(Files.readAllBytes(pki.folder(PkiEntity.MINISTRY_ROOT).resolve("crl.pem")));
        return GroupConfig.of(new X509CredentialValidator(Set.of(new TrustAnchor(root(), null)), List.of(device, root),
                Instant.now()));
    }

    RelayServer startRelay(Path data) throws Exception {
        return RelayLauncher.start(RelayLauncher.Options.of(pki.dir(), data, 0), PASSWORD);
    }

    ChatClient.Config config(int port, DeviceKey key, StateStore store, Map<String, List<String>> directory,
            ChatListener listener) throws Exception {
        return new ChatClient.Config("localhost", port, key, List.of(root()), groupConfig(), store,
                officer -> directory.getOrDefault(officer, List.of()), listener, Duration.ofSeconds(30));
    }
}
