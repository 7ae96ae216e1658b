package org.pmos.provisioning.api;

import io.vertx.core.http.HttpServerRequest;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.bouncycastle.cert.jcajce.JcaCertStore;
import org.bouncycastle.cms.CMSAbsentContent;
import org.bouncycastle.cms.CMSException;
import org.bouncycastle.cms.CMSSignedDataGenerator;
import org.pmos.provisioning.core.RefusalReason;
import org.pmos.provisioning.service.DeviceService;
import org.pmos.provisioning.service.PkiService;
import org.pmos.provisioning.service.RefusedException;

/**
 * EST (RFC 7030): {@code cacerts}, and {@code simpleenroll} / {@code simplereenroll} for
 * renewal with the device certificate over mutual TLS. Bodies are base64 DER as section 4
 * requires: PKCS#10 in, certs-only CMS SignedData out.
 */
@Path("/.well-known/est")
public class EstResource {
    static final String PKCS7 = "application/pkcs7-mime";
    static final int MAX_CSR_BASE64 = 64 * 1024;

    @Inject
    PkiService pki;
    @Inject
    DeviceService devices;
    @Context
    HttpServerRequest request;

    /** The device CA and the ministry root: what an EST client should trust for its certificate. */
    @GET
    @Path("/cacerts")
    public Response cacerts() {
        return certsOnly(pki.deviceCaChain());
    }

    @POST
    @Path("/simpleenroll")
    @Consumes("application/pkcs10")
    public Response simpleenroll(String body) {
        return renew(body);
    }

    @POST
    @Path("/simplereenroll")
    @Consumes("application/pkcs10")
    public Response simplereenroll(String body) {
        return renew(body);
    }

    private Response renew(String body) {
        X509Certificate client = PeerCertificates.leaf(request).orElseThrow(() -> new AccessDeniedException(401,
                "CLIENT_CERTIFICATE_REQUIRED", "EST enrollment here needs mutual TLS with the device certificate"));
        if (body == null || body.length() > MAX_CSR_BASE64) {
            throw new RefusedException(RefusalReason.MALFORMED_REQUEST, "the body must be a base64 PKCS#10 request");
        }
        byte[] csr;
        try {
            csr = Base64.getMimeDecoder().decode(body.strip());
        } catch (IllegalArgumentException e) {
            throw new RefusedException(RefusalReason.MALFORMED_REQUEST, "the body is not base64");
        }
        return certsOnly(List.of(devices.renew(client, csr)));
    }

    private static Response certsOnly(List<X509Certificate> certs) {
        try {
            CMSSignedDataGenerator gen = new CMSSignedDataGenerator();
            gen.addCertificates(new JcaCertStore(new ArrayList<>(certs)));
            byte[] der = gen.generate(new CMSAbsentContent()).getEncoded();
            return Response.ok(Base64.getMimeEncoder(64, "\r\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der) + "\r\n")
                    .type(PKCS7 + "; smime-type=certs-only").header("Content-Transfer-Encoding", "base64").build();
        } catch (CertificateEncodingException | CMSException e) {
            throw new IllegalStateException("cannot encode certs-only CMS", e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
