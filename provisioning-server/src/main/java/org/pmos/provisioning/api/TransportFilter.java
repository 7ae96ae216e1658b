package org.pmos.provisioning.api;

import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.MDC;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

/**
 * Plain HTTP serves only the CRL (distribution points are http: URLs, and a CRL is signed
 * anyway); everything else needs TLS. Every request gets an id for the logs and the response.
 */
public class TransportFilter {
    static final String REQUEST_ID = "requestId";

    @ServerRequestFilter(preMatching = true)
    public Response requireTls(HttpServerRequest request) {
        String id = request.getHeader("X-Request-Id");
        MDC.put(REQUEST_ID, id != null && id.matches("[A-Za-z0-9-]{1,64}") ? id : java.util.UUID.randomUUID().toString());
        if (!request.isSSL() && !request.path().startsWith("/crl/")) {
            return ProblemMapper.problem(Problem.of(403, "TLS required", "TLS_REQUIRED", "use https"));
        }
        return null;
    }

    /** The current request's id, or null outside a request. */
    static String requestId() {
        Object id = MDC.get(REQUEST_ID);
        return id == null ? null : id.toString();
    }

    @ServerResponseFilter
    public void tagResponse(jakarta.ws.rs.container.ContainerResponseContext response) {
        Object id = MDC.get(REQUEST_ID);
        if (id != null) {
            response.getHeaders().putSingle("X-Request-Id", id.toString());
        }
    }
}
