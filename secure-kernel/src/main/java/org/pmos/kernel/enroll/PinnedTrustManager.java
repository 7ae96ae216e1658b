package org.pmos.kernel.enroll;

import java.security.MessageDigest;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.List;
import javax.net.ssl.X509TrustManager;
import org.pmos.crypto.pki.Chains;

/**
 * Trusts a TLS server only if its chain contains the pinned service CA (by SubjectPublicKeyInfo
 * hash) and the server certificate chains to it. Nothing from the system trust store counts.
 */
final class PinnedTrustManager implements X509TrustManager {
    private final byte[] pin;

    PinnedTrustManager(byte[] serviceCaSpkiSha256) {
        this.pin = serviceCaSpkiSha256.clone();
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        if (chain == null || chain.length == 0) {
            throw new CertificateException("the server sent no certificate");
        }
        for (int i = 1; i < chain.length; i++) {
            if (MessageDigest.isEqual(pin, sha256(chain[i].getPublicKey().getEncoded()))) {
                try {
                    Chains.verify(Arrays.asList(chain).subList(0, i), List.of(chain[i]));
                    chain[0].checkValidity();
                    return;
                } catch (java.security.GeneralSecurityException e) {
                    throw new CertificateException("the server certificate does not chain to the pinned service CA", e);
                }
            }
        }
        throw new CertificateException("the server's chain does not contain the pinned service CA");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        throw new CertificateException("the handset is no TLS server");
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return new X509Certificate[0];
    }

    static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
