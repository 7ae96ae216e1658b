package org.pmos.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.UnrecoverableKeyException;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.pmos.crypto.pki.KeyStoreFile;
import org.pmos.crypto.pki.MinistryPki;
import org.pmos.crypto.pki.PkiEntity;
import org.pmos.crypto.pki.TlsClientContext;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The provisioning server's admin API over mutual TLS: the server is trusted through the
 * ministry root of the PKI, the client presents an admin certificate ({@code pmos pki admin}).
 * Where the server is: {@code --server URL}, else the run file of the server that
 * {@code pmos server start} started ({@code DATA/run/server.json}), so the common case needs
 * no flags. A problem+json answer becomes a {@link Refused} with its code and detail.
 */
final class AdminApi {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern URL = Pattern.compile("\"url\"\\s*:\\s*\"(https://[^\"]+)\"");

    /** The options every admin command takes. */
    static final class Options {
        @Mixin PasswordOptions password;

        @Option(names = "--server", paramLabel = "URL",
                description = "The server's base URL (default: the running server's, from DATA/run/server.json).")
        URI server;

        @Option(names = "--data", paramLabel = "DIR", description = "The server's data folder (default: $PMOS_HOME/server).")
        Path data;

        @Option(names = "--pki", paramLabel = "DIR", description = "The PKI whose root the server's certificate chains to "
                + "(default: $PMOS_HOME/pki).")
        Path pki;

        @Option(names = "--key", paramLabel = "FILE",
                description = "The admin key and certificate, PKCS#12 (default: $PMOS_HOME/admin.p12; make it with pmos pki admin).")
        Path key;

        AdminApi connect() throws Exception {
            URI base = server != null ? server : runningServer(ServerCommand.dataDir(data));
            if (!base.toString().endsWith("/")) {
                base = URI.create(base + "/");
            }
            Path keyFile = key != null ? key : PmosHome.dir().resolve("admin.p12");
            if (!Files.isRegularFile(keyFile)) {
                throw new Refused("no admin key at " + keyFile + ": make one with pmos pki admin --name NAME --role ROLE");
            }
            MinistryPki ministry = PkiCommand.open(pki != null ? pki : PmosHome.pki());
            KeyStoreFile.Entry admin = password.use("admin key", pw -> {
                try {
                    return KeyStoreFile.read(keyFile, pw);
                } catch (UnrecoverableKeyException | IOException e) {
                    throw new Refused("cannot open the admin key " + keyFile + " (wrong password?)");
                }
            });
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10))
                    .sslContext(TlsClientContext.of(ministry.certificate(PkiEntity.MINISTRY_ROOT), admin)).build();
            return new AdminApi(http, base);
        }
    }

    /** The URL the running server wrote into its run file. */
    static URI runningServer(Path data) throws IOException {
        Path run = data.resolve("run").resolve("server.json");
        if (!Files.isRegularFile(run)) {
            throw new Refused("no running provisioning server under " + data + " (pmos server start, or pass --server URL)");
        }
        Matcher m = URL.matcher(Files.readString(run, StandardCharsets.UTF_8));
        if (!m.find()) {
            throw new Refused("the run file " + run + " names no server URL");
        }
        return URI.create(m.group(1));
    }

    private final HttpClient http;
    private final URI base;

    AdminApi(HttpClient http, URI base) {
        this.http = http;
        this.base = base;
    }

    URI base() {
        return base;
    }

    JsonNode get(String path) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(base.resolve(path)).GET());
    }

    JsonNode post(String path, String contentType, String body) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(base.resolve(path)).header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)));
    }

    private JsonNode send(HttpRequest.Builder request) throws IOException, InterruptedException {
        HttpResponse<String> r;
        try {
            r = http.send(request.timeout(Duration.ofSeconds(60)).header("Accept", "application/json").build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (javax.net.ssl.SSLException e) {
            throw new Refused("TLS with " + base + " failed (is it the ministry's server, and the key an admin key?): "
                    + e.getMessage());
        } catch (java.net.ConnectException e) {
            throw new Refused("cannot reach the provisioning server at " + base);
        }
        JsonNode body;
        try {
            body = JSON.readTree(r.body().isEmpty() ? "null" : r.body());
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new Refused("HTTP " + r.statusCode() + " from " + base + " with a body that is not JSON");
        }
        if (r.statusCode() / 100 != 2) {
            if (body.isObject() && body.has("code")) {
                JsonNode p = body;
                throw new Refused("the server refused (" + p.get("code").asText() + "): "
                        + (p.has("detail") && !p.get("detail").isNull() ? p.get("detail").asText() : "HTTP " + r.statusCode()));
            }
            throw new Refused("HTTP " + r.statusCode() + " from " + base);
        }
        return body;
    }
}
