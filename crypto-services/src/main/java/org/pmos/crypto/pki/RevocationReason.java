package org.pmos.crypto.pki;

import java.util.Locale;

/** RFC 5280 CRLReason codes that the ministry uses. */
public enum RevocationReason {
    UNSPECIFIED(0), KEY_COMPROMISE(1), CA_COMPROMISE(2), AFFILIATION_CHANGED(3), SUPERSEDED(4),
    CESSATION_OF_OPERATION(5), CERTIFICATE_HOLD(6);

    private final int code;

    RevocationReason(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    /** Accepts {@code key-compromise}, {@code keyCompromise} or {@code KEY_COMPROMISE}. */
    public static RevocationReason parse(String text) {
        String norm = text.replaceAll("([a-z])([A-Z])", "$1_$2").replace('-', '_').toUpperCase(Locale.ROOT);
        return valueOf(norm);
    }
}
