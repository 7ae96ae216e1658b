package org.pmos.provisioning.service;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.security.cert.X509Certificate;
import java.util.List;
import org.pmos.crypto.pki.RevocationReason;
import org.pmos.provisioning.core.RefusalReason;
import org.pmos.provisioning.repo.AuditRepository;
import org.pmos.provisioning.repo.CertificateRepository;
import org.pmos.provisioning.repo.CommandRepository;
import org.pmos.provisioning.repo.CommandRepository.Command;
import org.pmos.provisioning.repo.Database;
import org.pmos.provisioning.repo.DeviceRecord;
import org.pmos.provisioning.repo.DeviceRepository;
import org.pmos.provisioning.repo.DeviceState;

/** Enrolled handsets at run time: check-in, commands and their results, revocation. */
@ApplicationScoped
public class DeviceService {
    @Inject
    Database db;
    @Inject
    DeviceRepository devices;
    @Inject
    CertificateRepository certificates;
    @Inject
    CommandRepository commands;
    @Inject
    AuditRepository audit;
    @Inject
    PkiService pki;
    @Inject
    CrlService crl;
    @Inject
    ServerClock clock;

    private final java.time.Duration validity;

    @Inject
    public DeviceService(org.pmos.provisioning.config.ProvisioningConfig config) {
        this.validity = config.enrollment().deviceCertificateValidity();
    }

    /** What the handset reports; {@code bootState}/{@code osPatchLevel} may be null (unchanged). */
    public record CheckinReport(String bootState, Integer osPatchLevel, List<CommandResult> results) {}

    public record CommandResult(long id, boolean ok, String detail) {}

    /**
     * A check-in by the holder of {@code client} (the mutual-TLS certificate): records the
     * report and the results, and hands out the pending commands (now DELIVERED).
     */
    public List<Command> checkin(X509Certificate client, CheckinReport report) {
        if (!pki.isDeviceCertificate(client)) {
            throw new RefusedException(RefusalReason.UNKNOWN_DEVICE_CERTIFICATE, "not a device certificate of this server");
        }
        String certSerial = client.getSerialNumber().toString(16);
        long now = clock.now().toEpochMilli();
        return db.tx(c -> {
            CertificateRepository.Issued issued = certificates.find(c, certSerial)
                    .orElseThrow(() -> new RefusedException(RefusalReason.UNKNOWN_DEVICE_CERTIFICATE, "unknown certificate"));
            DeviceRecord d = devices.find(c, issued.deviceSerial(), true).orElseThrow();
            if (d.state() == DeviceState.REVOKED || issued.revoked()) {
                throw new RefusedException(RefusalReason.DEVICE_REVOKED, issued.revoked()
                        ? "this certificate was revoked (" + issued.revocationReason() + ")" : "the device was revoked");
            }
            devices.checkedIn(c, d.serial(), report.bootState(), report.osPatchLevel(), now);
            for (CommandResult r : report.results() == null ? List.<CommandResult>of() : report.results()) {
                String detail = r.detail() == null ? "" : r.detail().length() > 1000 ? r.detail().substring(0, 1000) : r.detail();
                if (commands.transition(c, r.id(), d.serial(), CommandRepository.State.DELIVERED,
                        r.ok() ? CommandRepository.State.DONE : CommandRepository.State.FAILED, detail, now)) {
                    audit.append(c, now, "device:" + d.serial(), r.ok() ? "COMMAND_DONE" : "COMMAND_FAILED", d.serial(),
                            "command " + r.id() + ": " + detail);
                }
            }
            List<Command> pending = commands.forDevice(c, d.serial(), CommandRepository.State.PENDING);
            for (Command cmd : pending) {
                commands.transition(c, cmd.id(), d.serial(), CommandRepository.State.PENDING,
                        CommandRepository.State.DELIVERED, null, now);
            }
            return pending;
        });
    }

    /**
     * EST renewal (simpleenroll / simplereenroll with the device certificate): a new
     * certificate for the same attested key. A new key would not be attested, so rekeying
     * goes through attested enrollment instead.
     */
    public X509Certificate renew(X509Certificate client, byte[] csrDer) {
        if (!pki.isDeviceCertificate(client)) {
            throw new RefusedException(RefusalReason.UNKNOWN_DEVICE_CERTIFICATE, "not a device certificate of this server");
        }
        org.pmos.crypto.pki.CsrVerdict v = org.pmos.crypto.pki.CsrPolicy.check(csrDer, pki.profile(),
                org.pmos.crypto.pki.CertificateRole.DEVICE);
        if (v instanceof org.pmos.crypto.pki.CsrVerdict.Rejected r) {
            throw new RefusedException(RefusalReason.CSR_INVALID, r.reason() + ": " + r.detail());
        }
        if (!org.pmos.crypto.pki.Chains.sameKey(((org.pmos.crypto.pki.CsrVerdict.Accepted) v).publicKey(), client.getPublicKey())) {
            throw new RefusedException(RefusalReason.CSR_KEY_NOT_ATTESTED, "renewal keeps the attested key; rekey by enrolling");
        }
        String oldSerial = client.getSerialNumber().toString(16);
        java.time.Instant now = clock.now();
        DeviceRecord d = db.read(c -> {
            CertificateRepository.Issued issued = certificates.find(c, oldSerial)
                    .orElseThrow(() -> new RefusedException(RefusalReason.UNKNOWN_DEVICE_CERTIFICATE, "unknown certificate"));
            DeviceRecord dev = devices.find(c, issued.deviceSerial(), false).orElseThrow();
            if (dev.state() != DeviceState.ENROLLED || issued.revoked() || !oldSerial.equals(dev.certificateSerial())) {
                throw new RefusedException(RefusalReason.DEVICE_REVOKED, "this certificate is revoked or replaced");
            }
            return dev;
        });
        X509Certificate cert;
        try {
            cert = pki.issueDevice(d.serial(), d.officer(), client.getPublicKey(), now, validity);
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException("the device CA could not sign", e);
        }
        String newSerial = cert.getSerialNumber().toString(16);
        db.tx(c -> {
            DeviceRecord locked = devices.find(c, d.serial(), true).orElseThrow();
            if (locked.state() != DeviceState.ENROLLED || !oldSerial.equals(locked.certificateSerial())) {
                throw new RefusedException(RefusalReason.DEVICE_REVOKED, "this certificate is revoked or replaced");
            }
            certificates.revokeAll(c, d.serial(), RevocationReason.SUPERSEDED, now.toEpochMilli());
            certificates.insert(c, newSerial, d.serial(), org.pmos.crypto.pki.Pem.encode(cert), now.toEpochMilli(),
                    cert.getNotAfter().getTime());
            devices.enrolled(c, d.serial(), newSerial, locked.bootState(), locked.osPatchLevel(), now.toEpochMilli());
            audit.append(c, now.toEpochMilli(), "device:" + d.serial(), "RENEWED", d.serial(),
                    "certificate " + newSerial + " replaces " + oldSerial);
            return null;
        });
        crl.invalidate();
        return cert;
    }

    public long command(String serial, CommandRepository.Kind kind, String argument, String actor) {
        if (argument != null && argument.length() > 1000) {
            throw new InvalidInputException("ARGUMENT_TOO_LONG", "a command argument is at most 1000 characters");
        }
        long now = clock.now().toEpochMilli();
        return db.tx(c -> {
            DeviceRecord d = devices.find(c, serial, true).orElseThrow(() -> new NotFoundException("no device " + serial));
            if (d.state() != DeviceState.ENROLLED) {
                throw new InvalidInputException("DEVICE_NOT_ENROLLED", "device " + serial + " is " + d.state());
            }
            long id = commands.insert(c, serial, kind, argument, actor, now);
            audit.append(c, now, actor, "COMMAND_" + kind, serial, "command " + id + (argument == null ? "" : ": " + argument));
            return id;
        });
    }

    public List<Command> commands(String serial) {
        return db.read(c -> commands.forDevice(c, serial, null));
    }

    /** Revokes the device: refused everywhere from now on, its certificates onto the CRL. */
    public void revoke(String serial, RevocationReason reason, String actor) {
        long now = clock.now().toEpochMilli();
        db.tx(c -> {
            DeviceRecord d = devices.find(c, serial, true).orElseThrow(() -> new NotFoundException("no device " + serial));
            if (d.state() == DeviceState.REVOKED) {
                throw new InvalidInputException("ALREADY_REVOKED", "device " + serial + " is already revoked");
            }
            devices.setState(c, serial, DeviceState.REVOKED);
            int n = certificates.revokeAll(c, serial, reason, now);
            audit.append(c, now, actor, "REVOKED", serial, reason + ", " + n + " certificate(s) onto the CRL");
            return null;
        });
        crl.invalidate();
    }
}
