package org.pmos.provisioning.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.Base64;
import java.util.List;
import org.pmos.provisioning.config.ProvisioningConfig;
import org.pmos.provisioning.core.RefusalReason;
import org.pmos.provisioning.service.EnrollmentService;
import org.pmos.provisioning.service.RefusedException;
import org.pmos.provisioning.service.RegistryService;

/** Zero-touch enrollment for handsets: no client certificate yet, the attestation is the proof. */
@Path("/enroll")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class EnrollmentResource {
    @Inject
    EnrollmentService enrollment;
    @Inject
    ProvisioningConfig config;
    @Inject
    ObjectMapper json;
    @Inject
    RegistryService registry;

    @POST
    @Path("/challenge")
    public EnrollmentDtos.ChallengeResponse challenge(EnrollmentDtos.ChallengeRequest request) {
        if (request == null) {
            throw new RefusedException(RefusalReason.MALFORMED_REQUEST, "a JSON body with serial is required");
        }
        EnrollmentService.Challenge c = enrollment.challenge(request.serial());
        return new EnrollmentDtos.ChallengeResponse(c.challengeHex(), c.expiresAt().toString());
    }

    @POST
    public EnrollmentDtos.EnrollResponse enroll(EnrollmentDtos.EnrollRequest request) {
        if (request == null) {
            throw new RefusedException(RefusalReason.MALFORMED_REQUEST, "a JSON body is required");
        }
        EnrollmentService.Enrolled e = enrollment.enroll(new EnrollmentService.Request(request.serial(),
                request.challenge(), request.csr(), request.attestationChain()));
        List<EnrollmentDtos.DirectoryEntry> directory = e.directory().stream()
                .map(d -> new EnrollmentDtos.DirectoryEntry(d.officer(), d.serial())).toList();
        return new EnrollmentDtos.EnrollResponse(e.serial(), e.chainPem(), policyBundle(), appCatalog(),
                config.enrollment().relayAddress(), directory);
    }

    private String policyBundle() {
        try {
            return config.enrollment().policyBundle().isPresent()
                    ? Base64.getEncoder().encodeToString(Files.readAllBytes(config.enrollment().policyBundle().get()))
                    : null;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the policy bundle", e);
        }
    }

    private JsonNode appCatalog() {
        try {
            return config.enrollment().appCatalog().isPresent()
                    ? json.readTree(config.enrollment().appCatalog().get().toFile())
                    : json.createArrayNode();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the app catalog", e);
        }
    }
}
