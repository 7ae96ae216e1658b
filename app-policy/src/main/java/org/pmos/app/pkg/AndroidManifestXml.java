package org.pmos.app.pkg;

import com.android.apksig.internal.apk.AndroidBinXmlParser;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.pmos.app.proto.AppManifest;

/**
 * {@code AndroidManifest.xml} in Android's binary XML: written from our app manifest, so
 * Android tools ({@code apksigner}, {@code aapt}) see an ordinary package, and read back to
 * check that both manifests say the same thing.
 */
public final class AndroidManifestXml {
    static final String ANDROID_NS = "http://schemas.android.com/apk/res/android";
    private static final int ATTR_NAME = 0x01010003;
    private static final int ATTR_MIN_SDK = 0x0101020c;
    private static final int ATTR_VERSION_CODE = 0x0101021b;
    private static final int ATTR_VERSION_NAME = 0x0101021c;
    private static final int ATTR_TARGET_SDK = 0x01010270;
    private static final int ATTR_HAS_CODE = 0x0101000c;

    /** What we read back out of AndroidManifest.xml. */
    public record Info(String packageName, long versionCode, int minSdkVersion, List<String> permissions) {}

    private AndroidManifestXml() {}

    public static byte[] encode(AppManifest m) {
        BinaryXmlWriter w = new BinaryXmlWriter(Map.of("name", ATTR_NAME, "minSdkVersion", ATTR_MIN_SDK,
                "versionCode", ATTR_VERSION_CODE, "versionName", ATTR_VERSION_NAME, "targetSdkVersion", ATTR_TARGET_SDK,
                "hasCode", ATTR_HAS_CODE));
        w.startNamespace("android", ANDROID_NS);
        w.startElement("manifest", List.of(
                BinaryXmlWriter.Attribute.string(null, "package", 0, m.getPackageName()),
                BinaryXmlWriter.Attribute.integer(ANDROID_NS, "versionCode", ATTR_VERSION_CODE, Math.toIntExact(m.getVersionCode())),
                BinaryXmlWriter.Attribute.string(ANDROID_NS, "versionName", ATTR_VERSION_NAME,
                        m.getVersionName().isEmpty() ? Long.toString(m.getVersionCode()) : m.getVersionName())));
        w.startElement("uses-sdk", List.of(
                BinaryXmlWriter.Attribute.integer(ANDROID_NS, "minSdkVersion", ATTR_MIN_SDK, PmosPlatform.API_LEVEL),
                BinaryXmlWriter.Attribute.integer(ANDROID_NS, "targetSdkVersion", ATTR_TARGET_SDK, PmosPlatform.API_LEVEL)));
        w.endElement("uses-sdk");
        for (String p : m.getPermissionsList()) {
            w.startElement("uses-permission", List.of(BinaryXmlWriter.Attribute.string(ANDROID_NS, "name", ATTR_NAME, p)));
            w.endElement("uses-permission");
        }
        w.startElement("application", List.of(BinaryXmlWriter.Attribute.bool(ANDROID_NS, "hasCode", ATTR_HAS_CODE, false)));
        w.endElement("application");
        w.endElement("manifest");
        w.endNamespace("android", ANDROID_NS);
        return w.finish();
    }

    /** Parses with apksig's binary XML parser (the one apksigner itself uses). */
    public static Info parse(byte[] xml) throws ManifestException {
        if (xml.length > AppManifests.MAX_BYTES) {
            throw new ManifestException("AndroidManifest.xml is larger than " + AppManifests.MAX_BYTES + " bytes");
        }
        try {
            AndroidBinXmlParser p = new AndroidBinXmlParser(ByteBuffer.wrap(xml));
            String pkg = null;
            long versionCode = -1;
            int minSdk = 1;
            List<String> permissions = new ArrayList<>();
            int steps = 0;
            for (int ev = p.getEventType(); ev != AndroidBinXmlParser.EVENT_END_DOCUMENT; ev = p.next()) {
                if (++steps > 10_000) {
                    throw new ManifestException("AndroidManifest.xml has too many elements");
                }
                if (ev != AndroidBinXmlParser.EVENT_START_ELEMENT) {
                    continue;
                }
                String name = p.getName();
                if (p.getDepth() == 1 && name.equals("manifest")) {
                    for (int i = 0; i < p.getAttributeCount(); i++) {
                        if (p.getAttributeNameResourceId(i) == 0 && p.getAttributeName(i).equals("package")) {
                            pkg = p.getAttributeStringValue(i);
                        } else if (p.getAttributeNameResourceId(i) == ATTR_VERSION_CODE) {
                            versionCode = p.getAttributeIntValue(i);
                        }
                    }
                } else if (p.getDepth() == 2 && name.equals("uses-sdk")) {
                    for (int i = 0; i < p.getAttributeCount(); i++) {
                        if (p.getAttributeNameResourceId(i) == ATTR_MIN_SDK) {
                            minSdk = p.getAttributeIntValue(i);
                        }
                    }
                } else if (p.getDepth() == 2 && name.equals("uses-permission")) {
                    for (int i = 0; i < p.getAttributeCount(); i++) {
                        if (p.getAttributeNameResourceId(i) == ATTR_NAME) {
                            permissions.add(p.getAttributeStringValue(i));
                        }
                    }
                }
            }
            if (pkg == null) {
                throw new ManifestException("AndroidManifest.xml has no <manifest package=...>");
            }
            return new Info(pkg, versionCode, minSdk, List.copyOf(permissions));
        } catch (AndroidBinXmlParser.XmlParserException e) {
            throw new ManifestException("AndroidManifest.xml is not valid binary XML: " + e.getMessage());
        } catch (RuntimeException e) {
            // The parser throws unchecked exceptions on some malformed inputs; hostile bytes get a clear error.
            throw new ManifestException("AndroidManifest.xml is not valid binary XML: " + e);
        }
    }
}
