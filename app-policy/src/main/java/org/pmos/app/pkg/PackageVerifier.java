package org.pmos.app.pkg;

import com.android.apksig.ApkVerifier;
import com.android.apksig.apk.ApkFormatException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipInputStream;
import org.pmos.app.proto.AppManifest;

/**
 * Verifies an APK: APK Signature Scheme v2/v3 over every byte (apksig), exactly one signer,
 * and a package whose two manifests and signed code agree. Starts rejected; returns
 * {@link VerifyResult.Verified} only after every check passed.
 */
public final class PackageVerifier {
    private PackageVerifier() {}

    public static VerifyResult verify(Path apk) {
        try {
            return verifyOrThrow(apk);
        } catch (ApkFormatException e) {
            return new VerifyResult.Rejected(VerifyResult.Reason.MALFORMED, "not an APK: " + e.getMessage());
        } catch (IOException e) {
            return new VerifyResult.Rejected(VerifyResult.Reason.MALFORMED, "cannot read the APK: " + e.getMessage());
        } catch (ManifestException e) {
            return new VerifyResult.Rejected(VerifyResult.Reason.MANIFEST_MISMATCH, e.getMessage());
        } catch (RuntimeException | NoSuchAlgorithmException e) {
            return new VerifyResult.Rejected(VerifyResult.Reason.MALFORMED, "cannot verify the APK: " + e);
        }
    }

    private static VerifyResult verifyOrThrow(Path apk) throws IOException, ApkFormatException, ManifestException,
            NoSuchAlgorithmException {
        ApkVerifier.Result r = new ApkVerifier.Builder(apk.toFile())
                .setMinCheckedPlatformVersion(PmosPlatform.API_LEVEL)
                .build()
                .verify();
        boolean anySigner = !r.getV1SchemeSigners().isEmpty() || !r.getV2SchemeSigners().isEmpty()
                || !r.getV3SchemeSigners().isEmpty();
        if (!anySigner && !r.isVerified()) {
            return new VerifyResult.Rejected(VerifyResult.Reason.UNSIGNED, "the APK carries no signature");
        }
        if (!r.isVerified()) {
            return new VerifyResult.Rejected(VerifyResult.Reason.SIGNATURE_INVALID, firstError(r));
        }
        if (!r.isVerifiedUsingV2Scheme() && !r.isVerifiedUsingV3Scheme()) {
            return new VerifyResult.Rejected(VerifyResult.Reason.SCHEME_NOT_ALLOWED,
                    "only a v1 (JAR) signature: the platform requires APK Signature Scheme v2 or v3");
        }
        List<X509Certificate> chain = r.isVerifiedUsingV3Scheme()
                ? r.getV3SchemeSigners().get(0).getCertificates() : r.getV2SchemeSigners().get(0).getCertificates();
        if (r.getSignerCertificates().size() != 1) {
            return new VerifyResult.Rejected(VerifyResult.Reason.MULTIPLE_SIGNERS,
                    r.getSignerCertificates().size() + " signers; a ministry app has exactly one");
        }
        List<String> schemes = new ArrayList<>();
        if (r.isVerifiedUsingV2Scheme()) {
            schemes.add("v2");
        }
        if (r.isVerifiedUsingV3Scheme()) {
            schemes.add("v3");
        }
        AppManifest manifest = checkContents(apk);
        byte[] signerDigest;
        try {
            signerDigest = MessageDigest.getInstance("SHA-256").digest(chain.get(0).getEncoded());
        } catch (CertificateEncodingException e) {
            return new VerifyResult.Rejected(VerifyResult.Reason.MALFORMED, "unreadable signer certificate");
        }
        return new VerifyResult.Verified(manifest, List.copyOf(chain), signerDigest, List.copyOf(schemes));
    }

    /** Both manifests and app.jar must say the same thing; throws naming the first disagreement. */
    private static AppManifest checkContents(Path apk) throws IOException, ManifestException, NoSuchAlgorithmException {
        try (ZipFile zip = new ZipFile(apk.toFile())) {
            AppManifest m = AppManifests.parse(bounded(zip, PmosPlatform.APP_MANIFEST));
            AndroidManifestXml.Info android = AndroidManifestXml.parse(bounded(zip, PmosPlatform.ANDROID_MANIFEST));
            if (!android.packageName().equals(m.getPackageName())) {
                throw new ManifestException("AndroidManifest.xml names package " + android.packageName()
                        + ", the app manifest " + m.getPackageName());
            }
            if (android.versionCode() != m.getVersionCode()) {
                throw new ManifestException("AndroidManifest.xml has versionCode " + android.versionCode()
                        + ", the app manifest " + m.getVersionCode());
            }
            if (!new HashSet<>(android.permissions()).equals(new HashSet<>(m.getPermissionsList()))) {
                throw new ManifestException("AndroidManifest.xml asks for " + android.permissions()
                        + ", the app manifest for " + m.getPermissionsList());
            }
            ZipEntry jar = zip.getEntry(PmosPlatform.APP_JAR);
            if (jar == null) {
                throw new ManifestException("the package has no " + PmosPlatform.APP_JAR);
            }
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            String mainEntry = m.getMainClass().replace('.', '/') + ".class";
            boolean mainFound = false;
            try (InputStream raw = new DigestInputStream(zip.getInputStream(jar), sha);
                 ZipInputStream code = new ZipInputStream(raw)) {
                for (ZipEntry e; (e = code.getNextEntry()) != null; ) {
                    mainFound |= e.getName().equals(mainEntry);
                }
                raw.transferTo(java.io.OutputStream.nullOutputStream()); // the digest covers every byte, not only the entries read
            }
            if (!MessageDigest.isEqual(sha.digest(), m.getAppJarSha256().toByteArray())) {
                throw new ManifestException("app.jar does not match the digest in the app manifest");
            }
            if (!mainFound) {
                throw new ManifestException("main class " + m.getMainClass() + " is not in app.jar");
            }
            return m;
        }
    }

    private static byte[] bounded(ZipFile zip, String name) throws IOException, ManifestException {
        ZipEntry e = zip.getEntry(name);
        if (e == null) {
            throw new ManifestException("the package has no " + name);
        }
        try (InputStream in = zip.getInputStream(e)) {
            byte[] b = in.readNBytes(AppManifests.MAX_BYTES + 1);
            if (b.length > AppManifests.MAX_BYTES) {
                throw new ManifestException(name + " is larger than " + AppManifests.MAX_BYTES + " bytes");
            }
            return b;
        }
    }

    private static String firstError(ApkVerifier.Result r) {
        List<String> errors = new ArrayList<>();
        r.getErrors().forEach(i -> errors.add(i.toString()));
        r.getV2SchemeSigners().forEach(s -> s.getErrors().forEach(i -> errors.add("v2: " + i)));
        r.getV3SchemeSigners().forEach(s -> s.getErrors().forEach(i -> errors.add("v3: " + i)));
        return errors.isEmpty() ? "the signature does not verify" : errors.get(0);
    }
}
