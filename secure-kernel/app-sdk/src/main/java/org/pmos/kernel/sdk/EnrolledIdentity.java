package org.pmos.kernel.sdk;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.pmos.kernel.sdk.proto.Reply;

/**
 * The handset's enrolled identity ({@code pmos.permission.DEVICE_IDENTITY}): its device
 * certificate chain and signatures by its key, which stays in the TEE. The kernel signs only
 * TLS 1.3 client CertificateVerify content and MLS SignContent.
 */
public final class EnrolledIdentity {
    private final KernelConnection kernel;

    EnrolledIdentity(KernelConnection kernel) {
        this.kernel = kernel;
    }

    /** The chain as the provisioning server issued it (PEM, leaf first) and the relay it named (host:port). */
    public record Chain(String pem, Optional<String> relayAddress) {}

    /** @throws ServiceException NOT_FOUND while the handset is not enrolled */
    public Chain chain() throws IOException, ServiceException {
        Reply r = kernel.call("identity", "chain", List.of(), new byte[0]);
        return new Chain(r.getData().toString(StandardCharsets.US_ASCII),
                r.getValuesCount() > 0 ? Optional.of(r.getValues(0)) : Optional.empty());
    }

    /**
     * The officers of the handset's unit and the serials of their handsets, as the provisioning
     * server named them at enrollment (officer → device id); empty when it named none.
     */
    public Map<String, String> directory() throws IOException, ServiceException {
        Map<String, String> out = new LinkedHashMap<>();
        for (String v : kernel.call("identity", "directory", List.of(), new byte[0]).getValuesList()) {
            int eq = v.indexOf('=');
            if (eq > 0) {
                out.put(v.substring(0, eq), v.substring(eq + 1));
            }
        }
        return out;
    }

    /** An ECDSA P-256 / SHA-256 signature (DER) over {@code data} by the device key. */
    public byte[] sign(byte[] data) throws IOException, ServiceException {
        return kernel.call("identity", "sign", List.of(), data).getData().toByteArray();
    }
}
