package org.pmos.app.policy;

import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;

/**
 * What a handset trusts for apps and policy, as carried in its verified system image: the
 * ministry roots (policy bundles must chain to one) and the app signing CAs (app signers must
 * be issued by one; pinned by key).
 */
public record TrustAnchors(List<X509Certificate> roots, List<X509Certificate> appSigningCas) {
    public TrustAnchors {
        roots = List.copyOf(Objects.requireNonNull(roots, "roots"));
        appSigningCas = List.copyOf(Objects.requireNonNull(appSigningCas, "appSigningCas"));
        if (roots.isEmpty()) {
            throw new IllegalArgumentException("at least one root is needed");
        }
    }
}
