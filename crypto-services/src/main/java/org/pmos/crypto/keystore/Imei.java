package org.pmos.crypto.keystore;

/**
 * The IMEI: 15 digits, the last the Luhn check digit of the first 14 (3GPP TS 23.003 annex B).
 * The TEE attests it, the maker's purchase manifest lists it, the handset is built with it.
 */
public final class Imei {
    private Imei() {}

    /** 15 digits with the right check digit. */
    public static boolean valid(String imei) {
        return imei != null && imei.matches("[0-9]{15}") && checkDigit(imei.substring(0, 14)) == imei.charAt(14) - '0';
    }

    /** {@code body} (14 digits: type allocation code and serial number) with its check digit. */
    public static String of(String body) {
        if (body == null || !body.matches("[0-9]{14}")) {
            throw new IllegalArgumentException("an IMEI body is 14 digits");
        }
        return body + checkDigit(body);
    }

    private static int checkDigit(String body) {
        int sum = 0;
        for (int i = 0; i < 14; i++) {
            int d = body.charAt(i) - '0';
            if (i % 2 == 1) {
                d *= 2;
                if (d > 9) {
                    d -= 9;
                }
            }
            sum += d;
        }
        return (10 - sum % 10) % 10;
    }
}
