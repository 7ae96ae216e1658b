package gov.police.chat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.security.InvalidKeyException;
import java.security.InvalidParameterException;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.PublicKey;
import java.security.Security;
import java.security.SignatureException;
import java.security.SignatureSpi;
import java.util.Map;
import org.pmos.kernel.sdk.ServiceException;

/**
 * A JCA provider whose only service is {@code SHA256withECDSA} for {@link KernelPrivateKey}:
 * the data goes to the kernel's {@code identity.sign}, the signature (DER) comes back. JCA's
 * delayed provider selection picks it for that key class alone, so every other key keeps its
 * usual provider.
 */
final class KernelSignatureProvider extends Provider {
    private static final long serialVersionUID = 1L;
    static final String NAME = "PmosKernel";

    KernelSignatureProvider() {
        super(NAME, "1.0", "device key signatures by the PMOS kernel's TEE");
        putService(new Service(this, "Signature", "SHA256withECDSA", Spi.class.getName(), null,
                Map.of("SupportedKeyClasses", KernelPrivateKey.class.getName())));
    }

    /** Registers the provider once per process (after the platform's providers). */
    static synchronized void install() {
        if (Security.getProvider(NAME) == null) {
            Security.addProvider(new KernelSignatureProvider());
        }
    }

    /** One signature: buffers the content (a TLS CertificateVerify or MLS SignContent is small) and asks the kernel. */
    public static final class Spi extends SignatureSpi {
        private final ByteArrayOutputStream data = new ByteArrayOutputStream();
        private KernelPrivateKey key;

        @Override
        protected void engineInitSign(PrivateKey privateKey) throws InvalidKeyException {
            if (!(privateKey instanceof KernelPrivateKey k)) {
                throw new InvalidKeyException("not a kernel key");
            }
            key = k;
            data.reset();
        }

        @Override
        protected void engineInitVerify(PublicKey publicKey) throws InvalidKeyException {
            throw new InvalidKeyException("this provider only signs with the device key");
        }

        @Override
        protected void engineUpdate(byte b) {
            data.write(b);
        }

        @Override
        protected void engineUpdate(byte[] b, int off, int len) {
            data.write(b, off, len);
        }

        @Override
        protected byte[] engineSign() throws SignatureException {
            if (key == null) {
                throw new SignatureException("not initialised for signing");
            }
            try {
                return key.identity().sign(data.toByteArray());
            } catch (IOException | ServiceException e) {
                throw new SignatureException("the kernel did not sign: " + e.getMessage(), e);
            } finally {
                data.reset();
            }
        }

        @Override
        protected boolean engineVerify(byte[] sigBytes) throws SignatureException {
            throw new SignatureException("this provider only signs");
        }

        @Override
        @Deprecated
        protected void engineSetParameter(String param, Object value) {
            throw new InvalidParameterException("no parameters");
        }

        @Override
        @Deprecated
        protected Object engineGetParameter(String param) {
            throw new InvalidParameterException("no parameters");
        }
    }
}
