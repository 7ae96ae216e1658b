package org.pmos.kernel.services;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.ByteString;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.Optional;
import java.util.function.Supplier;
import org.pmos.crypto.keystore.TeeKeyStore;
import org.pmos.kernel.cap.Right;
import org.pmos.kernel.enroll.DeviceEnrollment;
import org.pmos.kernel.enroll.EnrollmentAgent;
import org.pmos.kernel.enroll.EnrollmentStatus;
import org.pmos.kernel.ipc.Caller;
import org.pmos.kernel.ipc.ServiceCallException;
import org.pmos.kernel.ipc.ServiceMethod;
import org.pmos.kernel.ipc.SystemService;
import org.pmos.kernel.sdk.proto.Reply;
import org.pmos.kernel.sdk.proto.Status;
import org.pmos.kernel.sdk.proto.Transaction;

/**
 * The handset's enrolled identity for apps that must prove it (police chat's TLS to the relay
 * and its MLS credential): {@code chain()} → the device certificate chain (PEM) and, in
 * {@code values}, the relay address the provisioning server named; {@code directory()} → the
 * unit's officers and handsets as {@code officer=device} values; {@code sign(data)} → an
 * ECDSA P-256 / SHA-256 signature by the device key in the TEE, only over a TLS 1.3 client
 * CertificateVerify or an MLS SignContent ({@link SigningPurpose}). The key never leaves the
 * TEE. Needs {@link #PERMISSION} and, in the MAC policy, {@code device_identity_service:service call}.
 */
public final class DeviceIdentityService implements SystemService {
    public static final String PERMISSION = "pmos.permission.DEVICE_IDENTITY";
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Path enrollmentDir;
    private final Supplier<Optional<TeeKeyStore>> tee;

    /** @param enrollmentDir {@code userdata/enrollment} ({@link DeviceEnrollment}) */
    public DeviceIdentityService(Path enrollmentDir, Supplier<Optional<TeeKeyStore>> tee) {
        this.enrollmentDir = enrollmentDir;
        this.tee = tee;
    }

    @Override
    public String name() {
        return "identity";
    }

    @Override
    public String objectType() {
        return "device_identity_service";
    }

    @Override
    public Optional<ServiceMethod> method(String name) {
        return switch (name) {
            case "chain", "sign", "directory" -> Optional.of(ServiceMethod.needs(Right.READ, PERMISSION));
            default -> Optional.empty();
        };
    }

    @Override
    public Reply.Builder invoke(Caller caller, Transaction t) throws ServiceCallException {
        Args.count(t, 0);
        Path chain = enrollmentDir.resolve(DeviceEnrollment.CHAIN_FILE);
        if (!Files.isRegularFile(chain)) {
            throw new ServiceCallException(Status.NOT_FOUND, "the handset is not enrolled");
        }
        if (t.getMethod().equals("chain")) {
            try {
                Reply.Builder r = Reply.newBuilder().setData(ByteString.copyFrom(Files.readAllBytes(chain)));
                EnrollmentStatus.read(enrollmentDir).map(EnrollmentStatus::relayAddress).ifPresent(r::addValues);
                return r;
            } catch (IOException e) {
                throw new ServiceCallException(Status.FAILED, "cannot read the device certificate");
            }
        }
        if (t.getMethod().equals("directory")) {
            return directory();
        }
        byte[] data = t.getData().toByteArray();
        if (SigningPurpose.of(data).isEmpty()) {
            throw new ServiceCallException(Status.BAD_REQUEST, "the device key signs only TLS 1.3 CertificateVerify and MLS content");
        }
        TeeKeyStore ks = tee.get().orElseThrow(() -> new ServiceCallException(Status.FAILED, "no TEE in this boot"));
        try {
            return Reply.newBuilder().setData(ByteString.copyFrom(ks.sign(EnrollmentAgent.KEY_ALIAS, data)));
        } catch (GeneralSecurityException | RuntimeException e) {
            throw new ServiceCallException(Status.FAILED, "the TEE did not sign");
        }
    }

    /** One {@code officer=device} value per entry of the directory the server sent at enrollment. */
    private Reply.Builder directory() throws ServiceCallException {
        Path file = enrollmentDir.resolve(DeviceEnrollment.DIRECTORY_FILE);
        Reply.Builder r = Reply.newBuilder();
        if (!Files.isRegularFile(file)) {
            return r;
        }
        try {
            for (JsonNode e : JSON.readTree(file.toFile())) {
                String officer = e.path("officer").asText("");
                String device = e.path("device").asText("");
                if (!officer.isEmpty() && !device.isEmpty() && officer.indexOf('=') < 0) {
                    r.addValues(officer + "=" + device);
                }
            }
            return r;
        } catch (IOException e) {
            throw new ServiceCallException(Status.FAILED, "cannot read the directory");
        }
    }
}
