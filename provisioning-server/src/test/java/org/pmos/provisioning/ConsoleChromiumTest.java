package org.pmos.provisioning;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URL;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pmos.testing.ExternalTool;

/**
 * The web console in headless Chromium: the page loads from the server, its script runs,
 * and without an admin certificate it says so (the admin API answered 401 with its code).
 */
@QuarkusTest
@QuarkusTestResource(TestPki.class)
class ConsoleChromiumTest {
    @TestHTTPResource(value = "/console/", tls = true)
    URL console;
    @TempDir
    Path profile;

    @Test
    void consoleRunsAndReportsTheMissingAdminCertificate() {
        ExternalTool.require("chromium");
        // The server's certificate is from the test PKI, which this fresh profile does not trust.
        ExternalTool.Result r = ExternalTool.run("chromium", "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--user-data-dir=" + profile, "--ignore-certificate-errors", "--virtual-time-budget=10000", "--dump-dom",
                "https://127.0.0.1:" + console.getPort() + "/console/");
        assertTrue(r.output().contains("PMOS fleet console"), r.output());
        assertTrue(r.output().contains("CLIENT_CERTIFICATE_REQUIRED"), r.output());
    }
}
