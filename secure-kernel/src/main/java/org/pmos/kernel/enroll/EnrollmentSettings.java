package org.pmos.kernel.enroll;

import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.util.HexFormat;
import java.util.Properties;

/**
 * What the verified system image says about enrollment ({@code /system/etc/enrollment.properties}):
 * <pre>
 * server=https://127.0.0.1:8443/
 * serviceCaSha256=HEX     # SHA-256 of the service CA's SubjectPublicKeyInfo: the pin
 * </pre>
 * Because the file sits in the dm-verity protected system image, a locked handset trusts it
 * exactly as far as it trusts the ministry's image key.
 */
public record EnrollmentSettings(URI server, byte[] serviceCaSpkiSha256) {
    public static final String FILE = "etc/enrollment.properties";

    public EnrollmentSettings {
        if (!"https".equals(server.getScheme())) {
            throw new IllegalArgumentException("the enrollment server must be https: " + server);
        }
        if (serviceCaSpkiSha256.length != 32) {
            throw new IllegalArgumentException("serviceCaSha256 must be 32 bytes");
        }
        serviceCaSpkiSha256 = serviceCaSpkiSha256.clone();
    }

    @Override
    public byte[] serviceCaSpkiSha256() {
        return serviceCaSpkiSha256.clone();
    }

    public static EnrollmentSettings parse(String text) throws IOException {
        Properties p = new Properties();
        p.load(new StringReader(text));
        String server = p.getProperty("server");
        String pin = p.getProperty("serviceCaSha256");
        if (server == null || pin == null) {
            throw new IOException(FILE + " needs server and serviceCaSha256");
        }
        try {
            return new EnrollmentSettings(URI.create(server.strip()), HexFormat.of().parseHex(pin.strip()));
        } catch (IllegalArgumentException e) {
            throw new IOException(FILE + " is invalid: " + e.getMessage(), e);
        }
    }

    public String toProperties() {
        return "server=" + server + "\nserviceCaSha256=" + HexFormat.of().formatHex(serviceCaSpkiSha256) + "\n";
    }
}
