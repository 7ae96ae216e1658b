package org.pmos.chat.relay;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.GeneralName;
import org.pmos.crypto.io.AtomicFiles;
import org.pmos.crypto.pki.CertificateRole;
import org.pmos.crypto.pki.KeyStoreFile;
import org.pmos.crypto.pki.MinistryPki;
import org.pmos.crypto.pki.PkiEntity;
import org.pmos.crypto.pki.PkiException;
import org.pmos.chat.relay.store.PostgresRelayStore;
import org.pmos.chat.relay.store.RelayStore;
import org.pmos.chat.relay.store.RocksDbRelayStore;
import org.pmos.chat.relay.store.StoreException;

/**
 * Starts a relay from a ministry PKI folder, as {@code pmos relay start --pki DIR [--port N]}
 * does: the relay's TLS key is issued by the service CA on first start and kept in the data
 * folder ({@code relay-tls.p12}, under the PKI password); devices are checked against the
 * device CA and its CRL ({@code device-ca/crl.pem} unless another file or URL is given); the
 * queues live in {@code data/store} (RocksDB), or in PostgreSQL when a JDBC URL is given
 * (several relays on one database). When listening, the port is written to the run
 * file (atomically), so a caller that asked for port 0 can read it.
 */
public final class RelayLauncher {
    public static final String TLS_KEY_FILE = "relay-tls.p12";

    private RelayLauncher() {}

    /** How often the CRL is fetched when not told otherwise: revocations take effect within this. */
    public static final Duration DEFAULT_CRL_REFRESH = Duration.ofSeconds(5);

    /** {@code database} null: the embedded RocksDB store in {@code data/store}. */
    public record Options(Path pki, Path data, String host, int port, URI crl, Duration crlRefresh, Path runFile,
            Database database) {
        public static Options of(Path pki, Path data, int port) {
            return new Options(pki, data, "127.0.0.1", port, null, DEFAULT_CRL_REFRESH, data.resolve("relay.port"),
                    null);
        }

        public Options withDatabase(Database db) {
            return new Options(pki, data, host, port, crl, crlRefresh, runFile, db);
        }
    }

    /** A PostgreSQL database shared by the relay nodes. */
    public record Database(String jdbcUrl, String user, char[] password) {}

    public static RelayServer start(Options o, char[] password)
            throws IOException, GeneralSecurityException, PkiException, StoreException, InterruptedException {
        MinistryPki pki = MinistryPki.open(o.pki());
        Files.createDirectories(o.data());
        KeyStoreFile.Entry tls = tlsKey(pki, o.data().resolve(TLS_KEY_FILE), password);
        URI crl = o.crl() != null ? o.crl() : pki.folder(PkiEntity.DEVICE_CA).resolve("crl.pem").toUri();
        RelayServer server = RelayServer.start(new RelayServer.Config(new InetSocketAddress(o.host(), o.port()),
                jdkKey(tls.key()), tls.chain(), pki.certificate(PkiEntity.DEVICE_CA), crl, o.crlRefresh(),
                store(o), Clock.systemUTC()));
        if (o.runFile() != null) {
            AtomicFiles.write(o.runFile(), (server.port() + "\n").getBytes(StandardCharsets.US_ASCII));
        }
        return server;
    }

    private static RelayStore store(Options o) throws StoreException {
        Database db = o.database();
        return db == null ? RocksDbRelayStore.open(o.data().resolve("store"))
                : PostgresRelayStore.open(db.jdbcUrl(), db.user(), db.password());
    }

    private static KeyStoreFile.Entry tlsKey(MinistryPki pki, Path file, char[] password)
            throws IOException, GeneralSecurityException, PkiException {
        if (Files.isRegularFile(file)) {
            return KeyStoreFile.read(file, password);
        }
        KeyStoreFile.Entry e = pki.issueKey(PkiEntity.SERVICE_CA, CertificateRole.SERVER,
                new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.CN, "pmos-relay").build(),
                List.of(new GeneralName(GeneralName.dNSName, "localhost"),
                        new GeneralName(GeneralName.iPAddress, "127.0.0.1")),
                Duration.ofDays(365), password, Clock.systemUTC().instant(), new SecureRandom());
        KeyStoreFile.write(file, e.key(), e.chain(), password);
        return e;
    }

    /** The same key as a JDK key object, which the JDK's TLS engine signs with. */
    static PrivateKey jdkKey(PrivateKey key) throws GeneralSecurityException {
        return KeyFactory.getInstance(key.getAlgorithm()).generatePrivate(new PKCS8EncodedKeySpec(key.getEncoded()));
    }
}
