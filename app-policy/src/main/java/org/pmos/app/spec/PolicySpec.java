package org.pmos.app.spec;

import com.google.protobuf.ByteString;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import org.pmos.app.pkg.AppManifests;
import org.pmos.app.pkg.ManifestException;
import org.pmos.app.proto.AllowedApp;
import org.pmos.app.proto.NetworkRule;
import org.pmos.app.proto.PackageVersion;
import org.pmos.app.proto.PolicyPayload;
import org.pmos.app.proto.Revocation;
import org.pmos.crypto.pki.Pem;

/**
 * {@code policy.yaml}: the ministry's policy as people write it. A signer is named by its
 * certificate file (PEM, relative to the spec) or by {@code sha256:HEX} of its DER.
 * <pre>
 * version: 3
 * min_os_patch_level: 2026-10-01
 * apps:
 *   - package: gov.police.chat
 *     signer: signers/police-apps.pem
 *     min_version: 1
 *     permissions: [pmos.permission.NETWORK, pmos.permission.KEYSTORE]
 * revoke:
 *   - signer: sha256:9f86d08...
 *     reason: key lost
 *   - package: gov.police.old
 *   - package: gov.police.chat
 *     version: 2
 * network:
 *   - host: relay.pmos.local
 *     port: 7443
 *     package: gov.police.chat     # optional: without it, every app
 * </pre>
 */
public final class PolicySpec {
    private PolicySpec() {}

    record Raw(Long version, String minOsPatchLevel, List<App> apps, List<Revoke> revoke, List<Net> network) {}

    record App(@com.fasterxml.jackson.annotation.JsonProperty("package") String packageName, String signer,
            Long minVersion, List<String> permissions) {}

    record Revoke(@com.fasterxml.jackson.annotation.JsonProperty("package") String packageName, Long version,
            String signer, String reason) {}

    record Net(String host, Integer port, @com.fasterxml.jackson.annotation.JsonProperty("package") String packageName) {}

    /** Reads the spec into the payload that gets signed; {@code issuedAt} in epoch seconds. */
    public static PolicyPayload read(Path file, long issuedAt) throws SpecException {
        Raw raw = Yaml.read(file, Raw.class);
        Path base = file.toAbsolutePath().getParent();
        if (raw.version() == null || raw.version() <= 0) {
            throw new SpecException("policy.yaml needs a positive version (it only ever goes up)");
        }
        PolicyPayload.Builder p = PolicyPayload.newBuilder().setVersion(raw.version()).setIssuedAt(issuedAt);
        if (raw.minOsPatchLevel() != null) {
            p.setMinOsPatchLevel(patchLevel(raw.minOsPatchLevel()));
        }
        for (App a : raw.apps() == null ? List.<App>of() : raw.apps()) {
            if (a.packageName() == null || a.signer() == null) {
                throw new SpecException("every entry of apps needs package and signer");
            }
            p.addAllowedApps(AllowedApp.newBuilder().setPackageName(a.packageName())
                    .setSignerCertSha256(ByteString.copyFrom(signer(base, a.signer())))
                    .setMinVersionCode(a.minVersion() == null ? 1 : a.minVersion())
                    .addAllPermissions(a.permissions() == null ? List.of() : a.permissions()));
        }
        for (Revoke r : raw.revoke() == null ? List.<Revoke>of() : raw.revoke()) {
            Revocation.Builder b = Revocation.newBuilder().setReason(r.reason() == null ? "" : r.reason());
            if (r.signer() != null && r.packageName() == null) {
                b.setSignerCertSha256(ByteString.copyFrom(signer(base, r.signer())));
            } else if (r.packageName() != null && r.signer() == null) {
                if (r.version() != null) {
                    b.setPackageVersion(PackageVersion.newBuilder().setPackageName(r.packageName()).setVersionCode(r.version()));
                } else {
                    b.setPackageName(r.packageName());
                }
            } else {
                throw new SpecException("a revoke entry names either a signer or a package (with an optional version)");
            }
            p.addRevocations(b);
        }
        for (Net n : raw.network() == null ? List.<Net>of() : raw.network()) {
            if (n.host() == null || n.port() == null || n.port() < 1 || n.port() > 65535) {
                throw new SpecException("every network entry needs host and a port 1..65535");
            }
            p.addNetworkAllowlist(NetworkRule.newBuilder().setHost(n.host()).setPort(n.port())
                    .setPackageName(n.packageName() == null ? "" : n.packageName()));
        }
        return p.build();
    }

    private static String patchLevel(String text) throws SpecException {
        try {
            AppManifests.patchLevel(text);
            return text;
        } catch (ManifestException e) {
            throw new SpecException("policy.yaml: " + e.getMessage(), e);
        }
    }

    private static byte[] signer(Path base, String ref) throws SpecException {
        if (ref.startsWith("sha256:")) {
            try {
                byte[] d = HexFormat.of().parseHex(ref.substring(7).replace(":", ""));
                if (d.length != 32) {
                    throw new IllegalArgumentException("not 32 bytes");
                }
                return d;
            } catch (IllegalArgumentException e) {
                throw new SpecException("bad signer digest " + ref + ": " + e.getMessage());
            }
        }
        Path cert = base.resolve(ref);
        try {
            return MessageDigest.getInstance("SHA-256").digest(Pem.certificate(Files.readAllBytes(cert)).getEncoded());
        } catch (java.io.IOException e) {
            throw new SpecException("cannot read signer certificate " + cert + ": " + e.getMessage(), e);
        } catch (GeneralSecurityException e) {
            throw new SpecException("signer " + cert + " is not a PEM certificate: " + e.getMessage(), e);
        }
    }
}
