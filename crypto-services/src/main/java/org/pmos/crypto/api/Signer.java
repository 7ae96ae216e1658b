package org.pmos.crypto.api;

import java.security.GeneralSecurityException;

/** Produces digital signatures. Instances come from {@code ApprovedSuites}; keys stay inside. */
public interface Signer {
    /** Signs {@code data}. The format is the suite's standard one (DER ECDSA/SM2, raw Ed25519). */
    byte[] sign(byte[] data) throws GeneralSecurityException;
}
