package org.pmos.provisioning.api;

import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.pmos.provisioning.config.ProvisioningConfig;
import org.pmos.provisioning.core.RefusalReason;
import org.pmos.provisioning.service.EnrollmentHandouts;
import org.pmos.provisioning.service.EnrollmentService;
import org.pmos.provisioning.service.RefusedException;

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
    EnrollmentHandouts handouts;

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
        return new EnrollmentDtos.EnrollResponse(e.serial(), e.chainPem(), handouts.policyBundleBase64(), handouts.appCatalog(),
                config.enrollment().relayAddress(), directory);
    }
}
