package org.pmos.kernel.services;

import com.google.protobuf.ByteString;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.Optional;
import org.pmos.kernel.cap.Right;
import org.pmos.crypto.io.AtomicFiles;
import org.pmos.kernel.ipc.Caller;
import org.pmos.kernel.ipc.ServiceCallException;
import org.pmos.kernel.ipc.ServiceMethod;
import org.pmos.kernel.ipc.SystemService;
import org.pmos.kernel.mac.AccessDecision;
import org.pmos.kernel.mac.ReferenceMonitor;
import org.pmos.kernel.sdk.proto.Reply;
import org.pmos.kernel.sdk.proto.Status;
import org.pmos.kernel.sdk.proto.Transaction;

/**
 * Per-app encrypted files: {@code write(name)}, {@code read(name)}, {@code delete(name)}. The
 * folder comes from the caller's package (never from the request) and names are plain, so an
 * app reaches only its own files; each access is also checked by the reference monitor
 * ({@code app_data_file:file}). Contents are AES-GCM under the app's sealed key
 * ({@link UserdataKeys}), bound to the package and name.
 */
public final class StorageService implements SystemService {
    private static final int MAX_FILE = 512 * 1024;
    private final Path appsDir;
    private final UserdataKeys keys;
    private final ReferenceMonitor monitor;

    public StorageService(Path appsDir, UserdataKeys keys, ReferenceMonitor monitor) {
        this.appsDir = appsDir;
        this.keys = keys;
        this.monitor = monitor;
    }

    @Override
    public String name() {
        return "storage";
    }

    @Override
    public String objectType() {
        return "storage_service";
    }

    @Override
    public Optional<ServiceMethod> method(String name) {
        return switch (name) {
            case "read" -> Optional.of(ServiceMethod.needs(Right.READ));
            case "write", "delete" -> Optional.of(ServiceMethod.needs(Right.WRITE));
            default -> Optional.empty();
        };
    }

    /** The folder of an app's files. */
    public Path filesOf(String packageName) {
        return appsDir.resolve(packageName).resolve("files");
    }

    @Override
    public Reply.Builder invoke(Caller caller, Transaction t) throws ServiceCallException {
        Args.count(t, 1);
        String name = Args.name(t, 0);
        Path file = filesOf(caller.packageName()).resolve(name);
        byte[] aad = (caller.packageName() + "/" + name).getBytes(StandardCharsets.UTF_8);
        try {
            switch (t.getMethod()) {
                case "write" -> {
                    check(caller, Files.exists(file) ? "write" : "create");
                    if (t.getData().size() > MAX_FILE) {
                        throw new ServiceCallException(Status.BAD_REQUEST, "file larger than " + MAX_FILE);
                    }
                    byte[] ct = keys.aead(caller.packageName()).encrypt(t.getData().toByteArray(), aad);
                    Files.createDirectories(file.getParent());
                    AtomicFiles.write(file, ct);
                    return Reply.newBuilder();
                }
                case "read" -> {
                    check(caller, "read");
                    if (!Files.isRegularFile(file)) {
                        throw new ServiceCallException(Status.NOT_FOUND, "no such file");
                    }
                    byte[] pt = keys.aead(caller.packageName()).decrypt(Files.readAllBytes(file), aad);
                    return Reply.newBuilder().setData(ByteString.copyFrom(pt));
                }
                default -> {
                    check(caller, "unlink");
                    if (!Files.deleteIfExists(file)) {
                        throw new ServiceCallException(Status.NOT_FOUND, "no such file");
                    }
                    return Reply.newBuilder();
                }
            }
        } catch (GeneralSecurityException e) {
            // One message whatever failed (wrong boot state, wiped key, edited file): no oracle.
            throw new ServiceCallException(Status.FAILED, "decryption failed");
        } catch (IOException e) {
            throw new ServiceCallException(Status.FAILED, "storage I/O error");
        }
    }

    private void check(Caller caller, String perm) throws ServiceCallException {
        if (monitor.check(caller.context(), "app_data_file", "file", perm) instanceof AccessDecision.Denied d) {
            throw new ServiceCallException(Status.MAC_DENIED, d.reason() + ": " + d.detail());
        }
    }
}
