package org.pmos.provisioning;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import org.pmos.crypto.pki.KeyStoreFile;
import org.pmos.crypto.pki.MinistryPki;
import org.pmos.crypto.pki.PkiEntity;
import org.pmos.crypto.pki.TlsClientContext;
import org.pmos.provisioning.api.AdminRole;

/** An HTTPS client trusting the ministry root, with an optional client certificate (mutual TLS). */
public final class AdminClient {
    private final HttpClient http;
    private final URI base;

    private AdminClient(HttpClient http, URI base) {
        this.http = http;
        this.base = base;
    }

    /** With the admin certificate of {@code role} (empty: no client certificate). */
    public static AdminClient of(URI base, Path pkiDir, Optional<AdminRole> role) throws Exception {
        Path p12 = role.map(r -> pkiDir.getParent().resolve("admin-" + r.label() + ".p12")).orElse(null);
        return withKey(base, pkiDir, p12 == null ? null : KeyStoreFile.read(p12, TestPki.PASSWORD.toCharArray()));
    }

    public static AdminClient withKey(URI base, Path pkiDir, KeyStoreFile.Entry client) throws Exception {
        MinistryPki pki = MinistryPki.open(pkiDir);
        SSLContext tls = TlsClientContext.of(pki.certificate(PkiEntity.MINISTRY_ROOT), client);
        return new AdminClient(HttpClient.newBuilder().sslContext(tls).build(), base);
    }

    public HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(base.resolve(path)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    public HttpResponse<String> post(String path, String contentType, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(base.resolve(path)).header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
