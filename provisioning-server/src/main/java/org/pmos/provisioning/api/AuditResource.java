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
import java.util.List;
import org.pmos.provisioning.core.AuditChain;
import org.pmos.provisioning.core.AuditEntry;
import org.pmos.provisioning.service.AuditService;

/** The audit log and its verification ({@code pmos server audit verify}). */
@Path("/api/audit")
@Produces(MediaType.APPLICATION_JSON)
public class AuditResource {
    @Inject
    AuditService audit;
    @Inject
    AdminAuthenticator auth;
    @Context
    HttpServerRequest request;

    public record VerifyResult(boolean intact, long entries, String headHash, Long brokenAt, String reason, String detail) {}

    @GET
    public List<AuditEntry> entries(@QueryParam("after") @DefaultValue("0") long after,
            @QueryParam("limit") @DefaultValue("1000") int limit) {
        auth.require(request, AdminRole.VIEWER);
        return audit.recent(after, Math.max(1, Math.min(limit, 10_000)));
    }

    @GET
    @Path("/verify")
    public VerifyResult verify() {
        auth.require(request, AdminRole.VIEWER);
        return of(audit.verify());
    }

    /** Java 17: no pattern switch; the verdict has exactly these two kinds. */
    static VerifyResult of(AuditChain.Verdict v) {
        if (v instanceof AuditChain.Verdict.Intact i) {
            return new VerifyResult(true, i.entries(), i.headHash(), null, null, null);
        }
        AuditChain.Verdict.Broken b = (AuditChain.Verdict.Broken) v;
        return new VerifyResult(false, 0, null, b.seq(), b.reason().name(), b.detail());
    }
}
