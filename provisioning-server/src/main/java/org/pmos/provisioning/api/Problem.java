package org.pmos.provisioning.api;

/**
 * RFC 9457 problem details; {@code code} is the stable machine-readable reason and
 * {@code requestId} the id of the request in the server's log (also in {@code X-Request-Id}).
 */
public record Problem(String type, String title, int status, String code, String detail, String requestId) {
    public static final String MEDIA_TYPE = "application/problem+json";

    public static Problem of(int status, String title, String code, String detail) {
        return new Problem("urn:pmos:problem:" + code.toLowerCase(java.util.Locale.ROOT).replace('_', '-'), title, status,
                code, detail, TransportFilter.requestId());
    }
}
