package org.pmos.provisioning.api;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;
import org.pmos.provisioning.repo.Database;
import org.pmos.provisioning.service.InvalidInputException;
import org.pmos.provisioning.service.NotFoundException;
import org.pmos.provisioning.service.RefusedException;

/** Every error leaves as problem+json with a stable code; internals (class names, SQL) never do. */
public class ProblemMapper {
    private static final Logger LOG = Logger.getLogger(ProblemMapper.class);

    @ServerExceptionMapper
    public Response refused(RefusedException e) {
        return problem(Problem.of(403, "Refused", e.reason().name(), e.getMessage()));
    }

    @ServerExceptionMapper
    public Response invalid(InvalidInputException e) {
        return problem(Problem.of(400, "Invalid request", e.code(), e.getMessage()));
    }

    @ServerExceptionMapper
    public Response notFound(NotFoundException e) {
        return problem(Problem.of(404, "Not found", "NOT_FOUND", e.getMessage()));
    }

    @ServerExceptionMapper
    public Response denied(AccessDeniedException e) {
        return problem(Problem.of(e.status(), e.status() == 401 ? "Unauthenticated" : "Forbidden", e.code(), e.getMessage()));
    }

    @ServerExceptionMapper
    public Response storage(Database.StorageException e) {
        LOG.error("database failure", e);
        return problem(Problem.of(503, "Storage unavailable", "STORAGE_UNAVAILABLE", "the registry database failed; retry"));
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e) {
        int status = e.getResponse().getStatus();
        return problem(Problem.of(status, "HTTP " + status, "HTTP_" + status, "the request was not accepted"));
    }

    @ServerExceptionMapper
    public Response other(RuntimeException e) {
        LOG.error("internal error", e);
        return problem(Problem.of(500, "Internal error", "INTERNAL", "internal error; see the server log"));
    }

    static Response problem(Problem p) {
        return Response.status(p.status()).type(Problem.MEDIA_TYPE).entity(p).build();
    }
}
