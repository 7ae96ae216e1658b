package org.pmos.provisioning.api;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/** The handset's enrollment protocol (HTTPS + JSON); the agent in secure-kernel mirrors these. */
public final class EnrollmentDtos {
    private EnrollmentDtos() {}

    public record ChallengeRequest(String serial) {}

    /** {@code challenge} is hex; the TEE puts its bytes into the attestation. */
    public record ChallengeResponse(String challenge, String expiresAt) {}

    /** PEM CSR and PEM attestation chain (leaf first). */
    public record EnrollRequest(String serial, String challenge, String csr, String attestationChain) {}

    /**
     * The device certificate chain (PEM, leaf first), the signed policy bundle (base64, or
     * null when the server has none), the app catalog, the chat relay's address, and the
     * directory of the handset's unit: which officer carries which handset.
     */
    public record EnrollResponse(String serial, String certificateChain, String policyBundle, JsonNode appCatalog,
            String relayAddress, List<DirectoryEntry> directory) {}

    /** An officer and the serial of the handset assigned to them. */
    public record DirectoryEntry(String officer, String device) {}
}
