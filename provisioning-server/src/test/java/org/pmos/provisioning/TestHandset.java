package org.pmos.provisioning;

import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.Optional;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;
import org.pmos.crypto.attestation.RootOfTrust;
import org.pmos.crypto.attestation.VerifiedBootState;
import org.pmos.crypto.internal.ContentSigners;
import org.pmos.crypto.internal.Primitives;
import org.pmos.crypto.key.KeyHandle;
import org.pmos.crypto.key.SecretAccess;
import org.pmos.crypto.key.SecretBytes;
import org.pmos.crypto.keystore.DeviceIds;
import org.pmos.crypto.keystore.GeneratedKey;
import org.pmos.crypto.keystore.Imei;
import org.pmos.crypto.keystore.OemAttestationRoot;
import org.pmos.crypto.keystore.SystemVersions;
import org.pmos.crypto.keystore.TeeKeyStore;
import org.pmos.crypto.pki.MinistryPki;
import org.pmos.crypto.pki.Pem;
import org.pmos.crypto.pki.PkiEntity;
import org.pmos.crypto.suite.AlgorithmSuite;
import org.pmos.provisioning.service.EnrollmentService;

/** An emulated handset's TEE, in-process, provisioned at the "factory" with an OEM root. */
public final class TestHandset {
    public static final byte[] MINISTRY_BOOT_KEY = new byte[32];

    public final String serial;
    public final String imei;
    public final TeeKeyStore tee;

    static {
        java.util.Arrays.fill(MINISTRY_BOOT_KEY, (byte) 0x5a);
    }

    private TestHandset(String serial, String imei, TeeKeyStore tee) {
        this.serial = serial;
        this.imei = imei;
        this.tee = tee;
    }

    /** The boot the handset is in when its TEE attests. */
    public record Boot(boolean locked, VerifiedBootState state, byte[] bootKey, int osPatchLevel) {
        public static Boot good() {
            return new Boot(true, VerifiedBootState.SELF_SIGNED, MINISTRY_BOOT_KEY, 202609);
        }
    }

    /** A handset whose factory attestation key is certified by {@code oemSigner}/{@code oemCert}. */
    public static TestHandset make(Path dir, String serial, String imei, Boot boot, PrivateKey oemKey,
            X509Certificate oemCert) throws Exception {
        DeviceIds ids = new DeviceIds("pmos", "zte_p1", "zte_p1", serial, imei, "ZTE", "P1");
        RootOfTrust rot = new RootOfTrust(boot.bootKey(), boot.locked(), boot.state(), new byte[32]);
        TeeKeyStore tee = TeeKeyStore.open(dir, SecretBytes.random(32, new SecureRandom()), ids, rot,
                new SystemVersions(140000, boot.osPatchLevel(), boot.osPatchLevel() * 100 + 1, boot.osPatchLevel() * 100 + 1),
                Clock.systemUTC());
        KeyHandle oem = KeyHandle.ofKeyPair(AlgorithmSuite.ECDSA_P256_SHA256, oemCert.getPublicKey(), oemKey, SecretAccess.get());
        tee.provisionAttestationKey(new OemAttestationRoot(Primitives.signer(oem), AlgorithmSuite.ECDSA_P256_SHA256, oemCert));
        return new TestHandset(serial, imei, tee);
    }

    /** A handset made by the PKI's own OEM attestation root (the genuine maker). */
    public static TestHandset genuine(Path dir, MinistryPki pki, String serial, String imei, Boot boot) throws Exception {
        PrivateKey key = pki.keyEntry(PkiEntity.OEM_ATTESTATION_ROOT, TestPki.PASSWORD.toCharArray()).key();
        return make(dir, serial, imei, boot, key, pki.certificate(PkiEntity.OEM_ATTESTATION_ROOT));
    }

    /** The enrollment request the agent would send for {@code challengeHex}. */
    public EnrollmentService.Request request(String challengeHex) throws Exception {
        String alias = "k" + System.nanoTime();
        GeneratedKey key = tee.generateKey(alias, AlgorithmSuite.ECDSA_P256_SHA256,
                Optional.of(java.util.HexFormat.of().parseHex(challengeHex)));
        return new EnrollmentService.Request(serial, challengeHex, csr(alias, key), Pem.encode(key.certificateChain()));
    }

    /** A CSR signed by TEE key {@code alias}. */
    public String csr(String alias, GeneratedKey key) throws Exception {
        return Pem.encode(new JcaPKCS10CertificationRequestBuilder(
                new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.CN, serial).build(), key.publicKey())
                .build(ContentSigners.of(data -> tee.sign(alias, data), key.suite())));
    }

    /** A valid IMEI made from a number. */
    public static String imei(long n) {
        return Imei.of(String.format("35%012d", n % 1_000_000_000_000L));
    }
}
