package org.pmos.chat.relay;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.pmos.crypto.pki.CertificateAuthority;
import org.pmos.crypto.pki.CertificateRole;

/** A refusal per reason, and the one certificate that passes. */
class DeviceTrustManagerTest {
    static final Instant NOW = Instant.parse("2026-06-01T00:00:00Z");

    static KeyPair p256() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        return g.generateKeyPair();
    }

    static X509Certificate issue(CertificateAuthority ca, X500Name subject, CertificateRole role, long serial)
            throws Exception {
        return ca.issue(new CertificateAuthority.Request(subject, p256().getPublic(), role, NOW.minusSeconds(3600),
                NOW.plusSeconds(86_400), BigInteger.valueOf(serial), List.of(), null));
    }

    static X500Name device(String serial) {
        return new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.SERIALNUMBER, serial).build();
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(DeviceTrustManager.Reason.class)
    void refusesWithEachReason(DeviceTrustManager.Reason reason) throws Exception {
        KeyPair caKeys = p256();
        X509Certificate caCert = CertificateAuthority.selfSigned(
                new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.CN, "Device CA").build(), caKeys,
                NOW.minusSeconds(86_400), NOW.plusSeconds(864_000), BigInteger.ONE);
        CertificateAuthority ca = new CertificateAuthority(caCert, caKeys.getPrivate());
        AtomicReference<Revocations> revoked = new AtomicReference<>(Revocations.none());
        DeviceTrustManager tm = new DeviceTrustManager(caCert, revoked::get, Clock.fixed(NOW, ZoneOffset.UTC));

        X509Certificate good = issue(ca, device("SN-1"), CertificateRole.DEVICE, 10);
        tm.check(new X509Certificate[] {good, caCert});

        X509Certificate[] chain = switch (reason) {
            case NO_CERTIFICATE -> new X509Certificate[0];
            case NOT_FROM_DEVICE_CA -> {
                KeyPair other = p256();
                X509Certificate otherCa = CertificateAuthority.selfSigned(
                        X500Name.getInstance(caCert.getSubjectX500Principal().getEncoded()), other,
                        NOW.minusSeconds(86_400), NOW.plusSeconds(864_000), BigInteger.ONE);
                yield new X509Certificate[] {issue(new CertificateAuthority(otherCa, other.getPrivate()),
                        device("SN-1"), CertificateRole.DEVICE, 10)};
            }
            case NOT_FOR_CLIENT_AUTH -> new X509Certificate[] {issue(ca, device("SN-2"), CertificateRole.SERVER, 11)};
            case NO_DEVICE_ID -> new X509Certificate[] {issue(ca,
                    new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.O, "Ministry").build(), CertificateRole.DEVICE, 12)};
            case REVOKED -> {
                revoked.set(new Revocations(Set.of(good.getSerialNumber()), 1));
                yield new X509Certificate[] {good};
            }
        };
        CertificateException e = assertThrows(CertificateException.class, () -> tm.check(chain));
        assertTrue(e.getMessage().endsWith(reason.name()), e.getMessage());
    }
}
