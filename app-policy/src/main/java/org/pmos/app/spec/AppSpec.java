package org.pmos.app.spec;

import java.nio.file.Path;
import java.util.List;
import org.pmos.app.pkg.AppManifests;
import org.pmos.app.pkg.ManifestException;
import org.pmos.app.proto.AppManifest;

/**
 * {@code app.yaml}: what an app developer writes to describe the app.
 * <pre>
 * package: gov.police.hello
 * version_code: 3
 * version_name: "1.2"
 * main_class: gov.police.hello.Main
 * min_os_patch_level: 2026-01-01
 * permissions: [pmos.permission.NETWORK]
 * </pre>
 */
public record AppSpec(String packageName, long versionCode, String versionName, String mainClass,
        String minOsPatchLevel, List<String> permissions) {

    public static AppSpec read(Path file) throws SpecException {
        return Yaml.read(file, Raw.class).toSpec();
    }

    /** The manifest, without the app.jar digest (the package builder fills it in). */
    public AppManifest toManifest() {
        return AppManifest.newBuilder().setPackageName(packageName).setVersionCode(versionCode)
                .setVersionName(versionName == null ? "" : versionName).setMainClass(mainClass)
                .setMinOsPatchLevel(minOsPatchLevel == null ? "" : minOsPatchLevel)
                .addAllPermissions(permissions == null ? List.of() : permissions).build();
    }

    /** The YAML shape; {@code package} is a Java keyword, so it is mapped here. */
    record Raw(@com.fasterxml.jackson.annotation.JsonProperty("package") String packageName, Long versionCode,
            String versionName, String mainClass, String minOsPatchLevel, List<String> permissions) {
        AppSpec toSpec() throws SpecException {
            if (packageName == null || versionCode == null || mainClass == null) {
                throw new SpecException("app.yaml needs package, version_code and main_class");
            }
            AppSpec spec = new AppSpec(packageName, versionCode, versionName, mainClass, minOsPatchLevel,
                    permissions == null ? List.of() : List.copyOf(permissions));
            try {
                AppManifests.validate(spec.toManifest().toBuilder()
                        .setAppJarSha256(com.google.protobuf.ByteString.copyFrom(new byte[32])).build());
            } catch (ManifestException e) {
                throw new SpecException("app.yaml: " + e.getMessage(), e);
            }
            return spec;
        }
    }
}
