package org.pmos.crypto.pki;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;
import org.junit.jupiter.api.Test;
import org.pmos.crypto.suite.Profile;

/** One test per reason a CSR is refused, and the cases that must pass. */
class CsrPolicyTest {
    private static final SecureRandom RANDOM = new SecureRandom();

    private static byte[] csr(KeyPair keys, String subject) throws Exception {
        return new JcaPKCS10CertificationRequestBuilder(new X500Name(subject), keys.getPublic())
                .build(X509Signatures.signer(keys.getPrivate(), keys.getPublic())).getEncoded();
    }

    private static KeyPair rsa(int bits) throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(bits);
        return g.generateKeyPair();
    }

    private static CsrVerdict.Reason rejection(CsrVerdict v) {
        return assertInstanceOf(CsrVerdict.Rejected.class, v).reason();
    }

    @Test
    void acceptsTheProfilesKey() throws Exception {
        byte[] nist = csr(PkiAlgorithms.generate(KeyKind.EC_P256, RANDOM), "CN=device");
        assertInstanceOf(CsrVerdict.Accepted.class, CsrPolicy.check(nist, Profile.NIST, CertificateRole.DEVICE));
        byte[] gm = csr(PkiAlgorithms.generate(KeyKind.SM2, RANDOM), "CN=device");
        assertInstanceOf(CsrVerdict.Accepted.class, CsrPolicy.check(gm, Profile.GM, CertificateRole.DEVICE));
    }

    @Test
    void appSignersStayOnP256InTheGmProfileBecauseApkSigningHasNoSm2() throws Exception {
        byte[] p256 = csr(PkiAlgorithms.generate(KeyKind.EC_P256, RANDOM), "CN=dev");
        assertInstanceOf(CsrVerdict.Accepted.class, CsrPolicy.check(p256, Profile.GM, CertificateRole.APP_SIGNER));
    }

    @Test
    void tamperedSignatureIsRefused() throws Exception {
        byte[] der = csr(PkiAlgorithms.generate(KeyKind.EC_P256, RANDOM), "CN=device");
        der[der.length - 5] ^= 0x01; // inside the signature value
        assertEquals(CsrVerdict.Reason.SIGNATURE_INVALID, rejection(CsrPolicy.check(der, Profile.NIST, CertificateRole.DEVICE)));
    }

    @Test
    void weakKeyIsRefused() throws Exception {
        byte[] der = csr(rsa(2048), "CN=device");
        assertEquals(CsrVerdict.Reason.KEY_TOO_WEAK, rejection(CsrPolicy.check(der, Profile.NIST, CertificateRole.DEVICE)));
    }

    @Test
    void keyOfTheOtherProfileIsRefused() throws Exception {
        byte[] sm2 = csr(PkiAlgorithms.generate(KeyKind.SM2, RANDOM), "CN=device");
        assertEquals(CsrVerdict.Reason.WRONG_PROFILE, rejection(CsrPolicy.check(sm2, Profile.NIST, CertificateRole.DEVICE)));
        byte[] p256 = csr(PkiAlgorithms.generate(KeyKind.EC_P256, RANDOM), "CN=device");
        assertEquals(CsrVerdict.Reason.WRONG_PROFILE, rejection(CsrPolicy.check(p256, Profile.GM, CertificateRole.DEVICE)));
    }

    @Test
    void unsupportedKeyIsRefused() throws Exception {
        KeyPair ed = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        byte[] der = csr(ed, "CN=device");
        assertEquals(CsrVerdict.Reason.UNSUPPORTED_KEY, rejection(CsrPolicy.check(der, Profile.NIST, CertificateRole.DEVICE)));
    }

    @Test
    void garbageAndOversizedInputAreMalformed() {
        assertEquals(CsrVerdict.Reason.MALFORMED, rejection(CsrPolicy.check(new byte[] {0x30, 0x03, 1, 2, 3}, Profile.NIST, CertificateRole.DEVICE)));
        assertEquals(CsrVerdict.Reason.MALFORMED, rejection(CsrPolicy.check(new byte[0], Profile.NIST, CertificateRole.DEVICE)));
        assertEquals(CsrVerdict.Reason.MALFORMED,
                rejection(CsrPolicy.check(new byte[CsrPolicy.MAX_CSR_BYTES + 1], Profile.NIST, CertificateRole.DEVICE)));
    }

    @Test
    void emptySubjectIsRefused() throws Exception {
        byte[] der = csr(PkiAlgorithms.generate(KeyKind.EC_P256, RANDOM), "");
        assertEquals(CsrVerdict.Reason.EMPTY_SUBJECT, rejection(CsrPolicy.check(der, Profile.NIST, CertificateRole.DEVICE)));
    }
}
