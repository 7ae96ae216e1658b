package org.pmos.kernel.hw;

import java.util.Objects;
import org.pmos.crypto.keystore.Imei;

/**
 * What the factory fuses into a handset: serial number, IMEI and product name.
 *
 * @param serial fastboot's {@code serialno}, e.g. {@code ZTE-P1-000123}
 * @param imei 15 digits with a valid Luhn check digit
 * @param product fastboot's {@code product}, matched by {@code android-info.txt}'s {@code board=}
 */
public record DeviceIdentity(String serial, String imei, String product) {
    public DeviceIdentity {
        Objects.requireNonNull(serial, "serial");
        Objects.requireNonNull(imei, "imei");
        Objects.requireNonNull(product, "product");
        if (!serial.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,31}")) {
            throw new IllegalArgumentException("serial must be 1-32 letters, digits, '.', '_' or '-': " + serial);
        }
        if (!Imei.valid(imei)) {
            throw new IllegalArgumentException("IMEI must be 15 digits with a valid check digit: " + imei);
        }
        if (!product.matches("[a-z0-9_]{1,32}")) {
            throw new IllegalArgumentException("bad product name: " + product);
        }
    }

    /** The product name of the emulated ZTE-style handset. */
    public static final String DEFAULT_PRODUCT = "zte_p1";
}
