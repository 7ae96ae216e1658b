package org.pmos.chat.relay;

import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.cert.CertPathValidator;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.Date;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;
import org.pmos.chat.protocol.DeviceIds;

/**
 * Accepts a TLS client only with a device certificate issued by the ministry device CA
 * (PKIX, at the clock's time), meant for client authentication, naming a device, and not on
 * the current CRL. The relay is never a TLS client, so the server-side checks refuse all.
 */
final class DeviceTrustManager extends X509ExtendedTrustManager {
    private static final System.Logger LOG = System.getLogger(DeviceTrustManager.class.getName());
    private static final String CLIENT_AUTH = "1.3.6.1.5.5.7.3.2";

    /** Why a device certificate was refused. */
    enum Reason { NO_CERTIFICATE, NOT_FROM_DEVICE_CA, NOT_FOR_CLIENT_AUTH, NO_DEVICE_ID, REVOKED }

    private final X509Certificate deviceCa;
    private final Supplier<Revocations> revocations;
    private final Clock clock;

    DeviceTrustManager(X509Certificate deviceCa, Supplier<Revocations> revocations, Clock clock) {
        this.deviceCa = deviceCa;
        this.revocations = revocations;
        this.clock = clock;
    }

    void check(X509Certificate[] chain) throws CertificateException {
        if (chain == null || chain.length == 0) {
            throw refuse(Reason.NO_CERTIFICATE, "no certificate");
        }
        X509Certificate leaf = chain[0];
        try {
            PKIXParameters params = new PKIXParameters(Set.of(new TrustAnchor(deviceCa, null)));
            params.setRevocationEnabled(false); // the CRL is checked below, from the refreshed list
            params.setDate(Date.from(clock.instant()));
            CertPathValidator.getInstance("PKIX").validate(
                    CertificateFactory.getInstance("X.509").generateCertPath(List.of(leaf)), params);
        } catch (GeneralSecurityException e) {
            throw refuse(Reason.NOT_FROM_DEVICE_CA, e.getMessage());
        }
        List<String> eku = leaf.getExtendedKeyUsage();
        if (eku == null || !eku.contains(CLIENT_AUTH)) {
            throw refuse(Reason.NOT_FOR_CLIENT_AUTH, "no clientAuth extended key usage");
        }
        String device;
        try {
            device = DeviceIds.of(leaf);
        } catch (IllegalArgumentException e) {
            throw refuse(Reason.NO_DEVICE_ID, e.getMessage());
        }
        if (revocations.get().isRevoked(leaf)) {
            throw refuse(Reason.REVOKED, "device " + device + " is revoked");
        }
    }

    private static CertificateException refuse(Reason reason, String detail) {
        LOG.log(System.Logger.Level.WARNING, "device certificate refused: " + reason + ": " + detail);
        return new CertificateException("device certificate refused: " + reason);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        check(chain);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
        check(chain);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
        check(chain);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        throw new CertificateException("the relay does not trust servers");
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
        throw new CertificateException("the relay does not trust servers");
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
        throw new CertificateException("the relay does not trust servers");
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return new X509Certificate[] {deviceCa};
    }
}
