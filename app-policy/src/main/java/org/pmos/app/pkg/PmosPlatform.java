package org.pmos.app.pkg;

/** Facts about the platform that packages are built for. */
public final class PmosPlatform {
    /**
     * The Android API level our packages declare as minSdkVersion. At 24 and above, APK
     * Signature Scheme v2/v3 alone is enough (no JAR signing), which is what we want.
     */
    public static final int API_LEVEL = 34;

    /** Where the app's code lives inside the APK. */
    public static final String APP_JAR = "app.jar";
    public static final String ANDROID_MANIFEST = "AndroidManifest.xml";
    public static final String APP_MANIFEST = "pmos/app-manifest.pb";

    private PmosPlatform() {}
}
