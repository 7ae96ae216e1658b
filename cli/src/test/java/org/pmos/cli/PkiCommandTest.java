package org.pmos.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The pki commands as a user runs them, with the exit codes the README promises. */
class PkiCommandTest {
    @TempDir
    static Path tmp;
    static Path pki;
    static Path passwordFile;

    record Run(int exit, String out, String err) {}

    static Run pmos(String... args) {
        CommandLine cli = Main.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int exit = cli.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    @BeforeAll
    static void initPki() throws Exception {
        pki = tmp.resolve("pki");
        passwordFile = tmp.resolve("pw");
        Files.writeString(passwordFile, "a long enough password\n");
        Run r = pmos("pki", "init", "--profile", "nist", "--out", pki.toString(), "--password-file", passwordFile.toString());
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("device-ca"), r.out());
    }

    private static Path csr(String cn) throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair kp = g.generateKeyPair();
        PKCS10CertificationRequest req = new JcaPKCS10CertificationRequestBuilder(new X500Name("CN=" + cn), kp.getPublic())
                .build(new JcaContentSignerBuilder("SHA256withECDSA").build(kp.getPrivate()));
        Path f = tmp.resolve(cn + ".csr");
        try (JcaPEMWriter w = new JcaPEMWriter(Files.newBufferedWriter(f))) {
            w.writeObject(req);
        }
        return f;
    }

    @Test
    void initTwiceIsRefusedWithExitCode1() {
        Run r = pmos("pki", "init", "--out", pki.toString(), "--password-file", passwordFile.toString());
        assertEquals(1, r.exit());
        assertTrue(r.err().startsWith("error: a PKI already exists"), r.err());
    }

    @Test
    void issueThenRevoke() throws Exception {
        Path cert = tmp.resolve("officer.pem");
        Run issued = pmos("pki", "issue", "--pki", pki.toString(), "--ca", "device-ca", "--csr", csr("officer").toString(),
                "--role", "device", "--out", cert.toString(), "--password-file", passwordFile.toString());
        assertEquals(0, issued.exit(), issued.err());
        String serial = issued.out().split(" ")[2];
        Run revoked = pmos("pki", "revoke", "--pki", pki.toString(), "--ca", "device-ca", "--serial", serial,
                "--reason", "key-compromise", "--password-file", passwordFile.toString());
        assertEquals(0, revoked.exit(), revoked.err());
        assertTrue(Files.readString(pki.resolve("device-ca/revoked.txt")).contains(serial + " "));
        Run again = pmos("pki", "revoke", "--pki", pki.toString(), "--ca", "device-ca", "--serial", serial,
                "--password-file", passwordFile.toString());
        assertEquals(1, again.exit());
        assertTrue(again.err().contains("already revoked"), again.err());
    }

    @Test
    void wrongPasswordIsRefusedWithoutEchoingIt() throws Exception {
        Path wrong = tmp.resolve("wrong-pw");
        Files.writeString(wrong, "hunter2-not-it");
        Run r = pmos("pki", "crl", "--pki", pki.toString(), "--ca", "device-ca", "--password-file", wrong.toString());
        assertEquals(1, r.exit());
        assertTrue(r.err().contains("wrong PKI password"), r.err());
        assertFalse(r.err().contains("hunter2"));
    }

    @Test
    void badUsageIsExitCode2() {
        assertEquals(2, pmos("pki", "issue", "--ca", "no-such-ca").exit());
        assertEquals(2, pmos("no-such-command").exit());
    }

    @Test
    void everyCommandHasHelp() {
        for (String sub : new String[] {"init", "issue", "revoke", "crl", "show"}) {
            Run r = pmos("pki", sub, "--help");
            assertEquals(0, r.exit(), sub);
            assertTrue(r.out().startsWith("Usage: pmos pki " + sub), r.out());
        }
    }
}
