package org.pmos.kernel.services;

import com.google.protobuf.ByteString;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.util.Optional;
import java.util.function.Supplier;
import org.pmos.crypto.keystore.TeeKeyStore;
import org.pmos.crypto.suite.AlgorithmSuite;
import org.pmos.kernel.cap.Right;
import org.pmos.kernel.ipc.Caller;
import org.pmos.kernel.ipc.ServiceCallException;
import org.pmos.kernel.ipc.ServiceMethod;
import org.pmos.kernel.ipc.SystemService;
import org.pmos.kernel.sdk.proto.Reply;
import org.pmos.kernel.sdk.proto.Status;
import org.pmos.kernel.sdk.proto.Transaction;

/**
 * TEE keys per app: {@code generate(alias)} → public key, {@code sign(alias)} → signature. The
 * TEE alias is derived from the caller's package, so an app names only its own keys; private
 * keys never leave the TEE (there is no export method).
 */
public final class KeystoreService implements SystemService {
    public static final String PERMISSION = "pmos.permission.KEYSTORE";
    private final Supplier<Optional<TeeKeyStore>> tee;

    public KeystoreService(Supplier<Optional<TeeKeyStore>> tee) {
        this.tee = tee;
    }

    @Override
    public String name() {
        return "keystore";
    }

    @Override
    public String objectType() {
        return "keystore_service";
    }

    @Override
    public Optional<ServiceMethod> method(String name) {
        return switch (name) {
            case "generate" -> Optional.of(ServiceMethod.needs(Right.WRITE, PERMISSION));
            case "sign" -> Optional.of(ServiceMethod.needs(Right.READ, PERMISSION));
            default -> Optional.empty();
        };
    }

    /** The TEE alias of an app's key: package and alias, dots kept, within the TEE's alias syntax. */
    static String teeAlias(String packageName, String alias) throws ServiceCallException {
        String a = "app." + packageName + "." + alias;
        if (a.length() > 64) {
            throw new ServiceCallException(Status.BAD_REQUEST, "alias too long");
        }
        return a;
    }

    @Override
    public Reply.Builder invoke(Caller caller, Transaction t) throws ServiceCallException {
        Args.count(t, 1);
        String alias = teeAlias(caller.packageName(), Args.name(t, 0));
        TeeKeyStore ks = tee.get().orElseThrow(() -> new ServiceCallException(Status.FAILED, "no TEE in this boot"));
        try {
            if (t.getMethod().equals("generate")) {
                if (ks.aliases().contains(alias)) {
                    throw new ServiceCallException(Status.BAD_REQUEST, "alias taken");
                }
                byte[] pub = ks.generateKey(alias, AlgorithmSuite.ECDSA_P256_SHA256, Optional.empty()).publicKey().getEncoded();
                return Reply.newBuilder().setData(ByteString.copyFrom(pub));
            }
            if (!ks.aliases().contains(alias)) {
                throw new ServiceCallException(Status.NOT_FOUND, "no such key");
            }
            return Reply.newBuilder().setData(ByteString.copyFrom(ks.sign(alias, t.getData().toByteArray())));
        } catch (IOException | GeneralSecurityException e) {
            throw new ServiceCallException(Status.FAILED, "keystore failed");
        }
    }
}
