package org.pmos.provisioning.api;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import java.security.cert.CRLException;
import org.pmos.provisioning.service.CrlService;

/** The device CA's CRL (DER), over plain HTTP too, as CRL distribution points usually are. */
@Path("/crl")
public class CrlResource {
    @Inject
    CrlService crl;

    @GET
    @Path("/device-ca.crl")
    @Produces("application/pkix-crl")
    public byte[] deviceCa() throws CRLException {
        return crl.current().getEncoded();
    }
}
