package org.pmos.provisioning.api;

import io.vertx.core.http.HttpServerRequest;
import jakarta.inject.Inject;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.util.List;
import org.pmos.provisioning.repo.Database;
import org.pmos.provisioning.repo.FailureRepository;

/** Refused enrollments with their reason codes, newest first (the console lists them). */
@Path("/api/enrollment-failures")
@Produces(MediaType.APPLICATION_JSON)
public class FailureResource {
    @Inject
    Database db;
    @Inject
    FailureRepository failures;
    @Inject
    AdminAuthenticator auth;
    @Context
    HttpServerRequest request;

    public record FailureDto(String failedAt, String serial, String reason, String detail) {}

    @GET
    public List<FailureDto> list(@QueryParam("serial") String serial, @QueryParam("limit") @DefaultValue("200") int limit) {
        auth.require(request, AdminRole.VIEWER);
        int n = Math.max(1, Math.min(limit, 10_000));
        return db.read(c -> failures.recent(c, serial, n)).stream().map(f -> new FailureDto(
                Instant.ofEpochMilli(f.failedAt()).toString(), f.serial(), f.reason(), f.detail())).toList();
    }
}
