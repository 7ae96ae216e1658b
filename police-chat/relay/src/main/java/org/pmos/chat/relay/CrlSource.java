package org.pmos.chat.relay;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Optional;

/**
 * Where the device CA's CRL comes from: the provisioning server's CRL URL (or a file). Polled
 * often, so a poll that finds nothing new is cheap: over HTTP the request carries {@code
 * If-None-Match} / {@code If-Modified-Since} from the last answer when the server gave an
 * {@code ETag} / {@code Last-Modified} (a {@code 304} is nothing new); a file is read again
 * only when its modification time changed. The caller compares CRL numbers.
 */
final class CrlSource {
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final URI uri;
    private final X509Certificate deviceCa;
    private final HttpClient http;
    private String etag;
    private String lastModified;
    private FileTime fileTime;

    CrlSource(URI uri, X509Certificate deviceCa) {
        this.uri = uri;
        this.deviceCa = deviceCa;
        this.http = isHttp(uri) ? HttpClient.newBuilder().connectTimeout(TIMEOUT).build() : null;
    }

    private static boolean isHttp(URI uri) {
        return "http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme());
    }

    URI uri() {
        return uri;
    }

    /** The CRL, verified, or empty when it has not changed since the last fetch. */
    synchronized Optional<Revocations> fetch() throws IOException, GeneralSecurityException {
        if (http != null) {
            return fetchHttp();
        }
        if ("file".equalsIgnoreCase(uri.getScheme())) {
            Path f = Path.of(uri);
            FileTime t = Files.getLastModifiedTime(f);
            if (t.equals(fileTime)) {
                return Optional.empty();
            }
            Revocations r = Revocations.parse(read(Files.newInputStream(f)), deviceCa);
            fileTime = t;
            return Optional.of(r);
        }
        return Optional.of(Revocations.parse(read(uri.toURL().openStream()), deviceCa));
    }

    private Optional<Revocations> fetchHttp() throws IOException, GeneralSecurityException {
        HttpRequest.Builder req = HttpRequest.newBuilder(uri).timeout(TIMEOUT).GET();
        if (etag != null) {
            req.header("If-None-Match", etag);
        }
        if (lastModified != null) {
            req.header("If-Modified-Since", lastModified);
        }
        HttpResponse<InputStream> res;
        try {
            res = http.send(req.build(), HttpResponse.BodyHandlers.ofInputStream());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while fetching the CRL", e);
        }
        try (InputStream body = res.body()) {
            if (res.statusCode() == 304) {
                return Optional.empty();
            }
            if (res.statusCode() != 200) {
                throw new IOException("CRL fetch answered HTTP " + res.statusCode());
            }
            Revocations r = Revocations.parse(read(body), deviceCa);
            etag = res.headers().firstValue("ETag").orElse(null);
            lastModified = res.headers().firstValue("Last-Modified").orElse(null);
            return Optional.of(r);
        }
    }

    private byte[] read(InputStream in) throws IOException {
        try (in) {
            byte[] bytes = in.readNBytes(Revocations.MAX_CRL_BYTES + 1);
            if (bytes.length > Revocations.MAX_CRL_BYTES) {
                throw new IOException("CRL larger than " + Revocations.MAX_CRL_BYTES + " bytes: " + uri);
            }
            return bytes;
        }
    }
}
