package org.pmos.kernel.runtime;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import org.pmos.app.policy.TrustAnchors;
import org.pmos.kernel.verity.SystemPartition;

/**
 * What the kernel takes from the verified system image (as {@code pmos image build} lays it
 * out): the ministry trust anchors ({@code etc/security/trust_anchors.pem}: the self-signed root,
 * the others app signing CAs), the security patch level ({@code build.prop}), the baseline
 * policy bundle ({@code etc/policy/baseline_policy.bin}) and preinstalled apps
 * ({@code priv-app/NAME/NAME.apk}, {@link KernelBoot} installs them).
 */
record SystemImageContent(TrustAnchors anchors, String securityPatch, Optional<byte[]> baselinePolicy) {
    static final String ANCHORS = "/etc/security/trust_anchors.pem";
    static final String BUILD_PROP = "/build.prop";
    static final String BASELINE_POLICY = "/etc/policy/baseline_policy.bin";
    private static final long MAX_FILE = 4 << 20;

    static SystemImageContent read(SystemPartition system) throws IOException {
        byte[] pem = system.readFile(ANCHORS, MAX_FILE).orElseThrow(() -> new IOException("kernel: no " + ANCHORS + " in system"));
        List<X509Certificate> roots = new ArrayList<>();
        List<X509Certificate> appCas = new ArrayList<>();
        try {
            for (var c : CertificateFactory.getInstance("X.509").generateCertificates(new ByteArrayInputStream(pem))) {
                X509Certificate x = (X509Certificate) c;
                (x.getSubjectX500Principal().equals(x.getIssuerX500Principal()) ? roots : appCas).add(x);
            }
        } catch (CertificateException e) {
            throw new IOException("kernel: " + ANCHORS + ": " + e.getMessage(), e);
        }
        if (roots.isEmpty()) {
            throw new IOException("kernel: " + ANCHORS + " holds no root certificate");
        }
        Properties prop = new Properties();
        prop.load(new StringReader(new String(system.readFile(BUILD_PROP, MAX_FILE)
                .orElseThrow(() -> new IOException("kernel: no build.prop in system")), StandardCharsets.UTF_8)));
        String patch = prop.getProperty("ro.build.version.security_patch");
        if (patch == null) {
            throw new IOException("kernel: build.prop has no ro.build.version.security_patch");
        }
        return new SystemImageContent(new TrustAnchors(roots, appCas), patch, system.readFile(BASELINE_POLICY, MAX_FILE));
    }
}
