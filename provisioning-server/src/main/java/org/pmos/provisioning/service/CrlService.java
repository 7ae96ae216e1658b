package org.pmos.provisioning.service;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.security.GeneralSecurityException;
import java.security.cert.X509CRL;
import java.time.Duration;
import java.time.Instant;
import org.pmos.provisioning.repo.CertificateRepository;
import org.pmos.provisioning.repo.Database;

/**
 * The device CA's CRL, from the certificate table. Signed again after every revocation and
 * at least daily (it is valid for a week), each time with the next CRL number.
 */
@ApplicationScoped
public class CrlService {
    private static final Duration REFRESH = Duration.ofDays(1);

    @Inject
    Database db;
    @Inject
    CertificateRepository certificates;
    @Inject
    PkiService pki;
    @Inject
    ServerClock clock;

    private X509CRL current;
    private Instant signedAt = Instant.EPOCH;

    public synchronized X509CRL current() {
        Instant now = clock.now();
        if (current == null || now.isAfter(signedAt.plus(REFRESH))) {
            current = db.tx(c -> {
                try {
                    return pki.deviceCrl(certificates.revoked(c, now.toEpochMilli()), certificates.nextCrlNumber(c), now);
                } catch (GeneralSecurityException e) {
                    throw new IllegalStateException("the device CA could not sign its CRL", e);
                }
            });
            signedAt = now;
        }
        return current;
    }

    public synchronized void invalidate() {
        current = null;
    }
}
