package org.pmos.chat.protocol;

import java.security.cert.X509Certificate;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1String;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;

/**
 * The device id the relay routes by, read from a device certificate issued by the ministry
 * device CA: the subject's serialNumber attribute (the handset serial) or, failing that,
 * its common name. Relay and client derive it the same way, so a member's MLS credential
 * (the same certificate) names the device the relay delivers to.
 */
public final class DeviceIds {
    /** Longest device id accepted on the wire. */
    public static final int MAX_LENGTH = 128;

    private DeviceIds() {}

    public static String of(X509Certificate certificate) {
        X500Name subject = X500Name.getInstance(certificate.getSubjectX500Principal().getEncoded());
        String id = first(subject, BCStyle.SERIALNUMBER);
        if (id == null) {
            id = first(subject, BCStyle.CN);
        }
        if (id == null || id.isEmpty() || id.length() > MAX_LENGTH) {
            throw new IllegalArgumentException("the certificate names no device (no serialNumber or CN)");
        }
        return id;
    }

    /** Whether a device id from the wire has an acceptable shape. */
    public static boolean isValid(String id) {
        return !id.isEmpty() && id.length() <= MAX_LENGTH;
    }

    private static String first(X500Name name, ASN1ObjectIdentifier type) {
        RDN[] rdns = name.getRDNs(type);
        if (rdns.length == 0) {
            return null;
        }
        ASN1Encodable v = rdns[0].getFirst().getValue();
        return v instanceof ASN1String s ? s.getString() : null;
    }
}
