package org.pmos.crypto.pki;

import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A TLS client context that trusts only the ministry root and, when given a key, presents it
 * (mutual TLS with a device or admin certificate).
 */
public final class TlsClientContext {
    private TlsClientContext() {}

    /** @param clientKey the client's key and chain, or null for server authentication only */
    public static SSLContext of(X509Certificate ministryRoot, KeyStoreFile.Entry clientKey) throws GeneralSecurityException {
        try {
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            trust.setCertificateEntry("root", ministryRoot);
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);
            KeyManagerFactory kmf = null;
            if (clientKey != null) {
                KeyStore ks = KeyStore.getInstance("PKCS12");
                ks.load(null, null);
                ks.setKeyEntry("client", clientKey.key(), new char[0], clientKey.chain().toArray(X509Certificate[]::new));
                kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                kmf.init(ks, new char[0]);
            }
            SSLContext tls = SSLContext.getInstance("TLS");
            tls.init(kmf == null ? null : kmf.getKeyManagers(), tmf.getTrustManagers(), null);
            return tls;
        } catch (java.io.IOException e) {
            throw new GeneralSecurityException("cannot build an in-memory key store", e);
        }
    }
}
