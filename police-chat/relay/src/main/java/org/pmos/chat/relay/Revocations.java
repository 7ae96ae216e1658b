package org.pmos.chat.relay;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.net.URI;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509CRL;
import java.security.cert.X509CRLEntry;
import java.security.cert.X509Certificate;
import java.util.HashSet;
import java.util.Set;

/**
 * The device serials the device CA has revoked, from a CRL it signed. Loaded from a file or
 * URL; a CRL that is not signed by the device CA, names another issuer or is too large is
 * refused (the relay keeps the list it had).
 */
public record Revocations(Set<BigInteger> serials, long crlNumberOrMinusOne) {
    static final int MAX_CRL_BYTES = 16 << 20;

    public static Revocations none() {
        return new Revocations(Set.of(), -1);
    }

    public boolean isRevoked(X509Certificate device) {
        return serials.contains(device.getSerialNumber());
    }

    public static Revocations load(URI source, X509Certificate deviceCa) throws IOException, GeneralSecurityException {
        byte[] bytes;
        try (InputStream in = source.toURL().openStream()) {
            bytes = in.readNBytes(MAX_CRL_BYTES + 1);
        }
        if (bytes.length > MAX_CRL_BYTES) {
            throw new IOException("CRL larger than " + MAX_CRL_BYTES + " bytes: " + source);
        }
        return parse(bytes, deviceCa);
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
