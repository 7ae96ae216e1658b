package org.pmos.chat.relay;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509CRL;
import java.security.cert.X509CRLEntry;
import java.security.cert.X509Certificate;
import java.util.HashSet;
import java.util.Set;

/**
 * The device serials the device CA has revoked, from a CRL it signed ({@link CrlSource}
 * fetches it); a CRL that is not signed by the device CA, names another issuer or is too large
 * is refused (the relay keeps the list it had). The CRL number orders CRLs: the relay never
 * goes back to an older one (which would let a revoked device in again).
 */
public record Revocations(Set<BigInteger> serials, long crlNumberOrMinusOne) {
    static final int MAX_CRL_BYTES = 16 << 20;

    public static Revocations none() {
        return new Revocations(Set.of(), -1);
    }

    public boolean isRevoked(X509Certificate device) {
        return serials.contains(device.getSerialNumber());
    }

    public static Revocations parse(byte[] pemOrDer, X509Certificate deviceCa) throws GeneralSecurityException {
        X509CRL crl = (X509CRL) CertificateFactory.getInstance("X.509")
                .generateCRL(new java.io.ByteArrayInputStream(pemOrDer));
        if (!crl.getIssuerX500Principal().equals(deviceCa.getSubjectX500Principal())) {
            throw new GeneralSecurityException("the CRL is not the device CA's");
        }
        crl.verify(deviceCa.getPublicKey());
        Set<BigInteger> serials = new HashSet<>();
        if (crl.getRevokedCertificates() != null) {
            for (X509CRLEntry e : crl.getRevokedCertificates()) {
                serials.add(e.getSerialNumber());
            }
        }
        byte[] number = crl.getExtensionValue("2.5.29.20");
        return new Revocations(Set.copyOf(serials), number == null ? -1 : crlNumber(number));
    }

    private static long crlNumber(byte[] extension) {
        // OCTET STRING { INTEGER }: the number is informational (logged), so a plain read is enough.
        org.bouncycastle.asn1.ASN1Integer i = org.bouncycastle.asn1.ASN1Integer.getInstance(
                org.bouncycastle.asn1.ASN1OctetString.getInstance(extension).getOctets());
        return i.getValue().longValue();
    }
}
