package org.pmos.app.pkg;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pmos.app.testing.AppFixture;
import org.pmos.app.testing.ZipBytes;
import org.pmos.testing.ExternalTool;

/** Debian's {@code apksigner}, which nobody here wrote, judges our packages. */
class ApksignerInteropTest {
    static AppFixture f;

    @TempDir
    Path tmp;

    @BeforeAll
    static void fixture() throws Exception {
        f = new AppFixture();
    }

    @Test
    void apksignerAcceptsOurSignedPackage() throws Exception {
        ExternalTool.require("apksigner");
        Path apk = f.signedApk(tmp, AppFixture.manifest(7, "pmos.permission.NETWORK"), f.appSigner);
        ExternalTool.Result r = ExternalTool.run("apksigner", "verify", "--verbose", "--print-certs", apk.toString());
        assertTrue(r.ok(), r.output());
        assertTrue(r.output().contains("Verified using v3 scheme (APK Signature Scheme v3): true"), r.output());
        assertTrue(r.output().contains("CN=Police Apps Team"), r.output());
        // For our minSdkVersion apksigner checks only v3; asked about older platforms it checks v2 too.
        ExternalTool.Result v2 = ExternalTool.run("apksigner", "verify", "--verbose", "--min-sdk-version", "24", apk.toString());
        assertTrue(v2.ok(), v2.output());
        assertTrue(v2.output().contains("Verified using v2 scheme (APK Signature Scheme v2): true"), v2.output());
    }

    @Test
    void apksignerRejectsWhatWeReject() throws Exception {
        ExternalTool.require("apksigner");
        Path apk = f.signedApk(tmp, AppFixture.manifest(7), f.appSigner);
        byte[] bytes = Files.readAllBytes(apk);
        bytes[ZipBytes.dataOffset(bytes, PmosPlatform.APP_JAR) + 3] ^= 0x40;
        Files.write(apk, bytes);
        assertFalse(ExternalTool.run("apksigner", "verify", apk.toString()).ok());
        assertTrue(PackageVerifier.verify(apk) instanceof VerifyResult.Rejected);
    }

    @Test
    void aaptStyleToolsReadOurBinaryManifest() throws Exception {
        // apksigner reads minSdkVersion out of AndroidManifest.xml when not told it: a package
        // whose binary manifest it could not parse would fail here.
        ExternalTool.require("apksigner");
        Path apk = f.signedApk(tmp, AppFixture.manifest(9), f.appSigner);
        ExternalTool.Result r = ExternalTool.run("apksigner", "verify", "-v", apk.toString());
        assertTrue(r.ok() && !r.output().contains("WARNING"), r.output());
    }
}
