package org.pmos.app.pkg;

import com.google.protobuf.InvalidProtocolBufferException;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.HashSet;
import java.util.Set;
import java.util.regex.Pattern;
import org.pmos.app.proto.AppManifest;

/** Reads and validates {@code pmos/app-manifest.pb}: bounded, strict, every rule named when broken. */
public final class AppManifests {
    public static final int MAX_BYTES = 64 * 1024;
    public static final int MAX_PERMISSIONS = 64;
    private static final Pattern PACKAGE = Pattern.compile("[a-z][a-z0-9_]*(\\.[a-z][a-z0-9_]*)+");
    private static final Pattern PERMISSION = Pattern.compile("[A-Za-z][A-Za-z0-9_]*(\\.[A-Za-z][A-Za-z0-9_]*)*");
    private static final Pattern CLASS_NAME = Pattern.compile("([A-Za-z_$][A-Za-z0-9_$]*\\.)*[A-Za-z_$][A-Za-z0-9_$]*");

    private AppManifests() {}

    public static AppManifest parse(byte[] bytes) throws ManifestException {
        if (bytes.length > MAX_BYTES) {
            throw new ManifestException("app manifest is " + bytes.length + " bytes, more than " + MAX_BYTES);
        }
        AppManifest m;
        try {
            m = AppManifest.parseFrom(bytes);
        } catch (InvalidProtocolBufferException e) {
            throw new ManifestException("app manifest is not a valid AppManifest message: " + e.getMessage());
        }
        validate(m);
        return m;
    }

    public static void validate(AppManifest m) throws ManifestException {
        if (m.getPackageName().length() > 255 || !PACKAGE.matcher(m.getPackageName()).matches()) {
            throw new ManifestException("bad package name '" + clip(m.getPackageName()) + "' (lowercase, dotted, at least two parts)");
        }
        if (m.getVersionCode() <= 0) {
            throw new ManifestException("version code must be positive, not " + m.getVersionCode());
        }
        if (m.getVersionName().length() > 64) {
            throw new ManifestException("version name longer than 64 characters");
        }
        if (m.getPermissionsCount() > MAX_PERMISSIONS) {
            throw new ManifestException("asks for " + m.getPermissionsCount() + " permissions, more than " + MAX_PERMISSIONS);
        }
        Set<String> seen = new HashSet<>();
        for (String p : m.getPermissionsList()) {
            if (p.length() > 128 || !PERMISSION.matcher(p).matches()) {
                throw new ManifestException("bad permission name '" + clip(p) + "'");
            }
            if (!seen.add(p)) {
                throw new ManifestException("permission " + p + " listed twice");
            }
        }
        if (m.getMainClass().length() > 255 || !CLASS_NAME.matcher(m.getMainClass()).matches()) {
            throw new ManifestException("bad main class '" + clip(m.getMainClass()) + "'");
        }
        if (m.getAppJarSha256().size() != 32) {
            throw new ManifestException("app.jar digest must be 32 bytes (SHA-256), not " + m.getAppJarSha256().size());
        }
        if (!m.getMinOsPatchLevel().isEmpty()) {
            patchLevel(m.getMinOsPatchLevel());
        }
    }

    /** A security patch level, {@code YYYY-MM-DD} as in Android's {@code ro.build.version.security_patch}. */
    public static LocalDate patchLevel(String text) throws ManifestException {
        try {
            if (text.length() != 10) {
                throw new DateTimeParseException("length", text, 0);
            }
            return LocalDate.parse(text);
        } catch (DateTimeParseException e) {
            throw new ManifestException("bad patch level '" + clip(text) + "' (YYYY-MM-DD)");
        }
    }

    private static String clip(String s) {
        return s.length() > 64 ? s.substring(0, 64) + "..." : s;
    }
}
