package org.pmos.crypto.keystore;

import java.util.Objects;

/** The identifiers a handset's TEE attests (KeyMint's attestation ids), fixed at the factory. */
public record DeviceIds(String brand, String device, String product, String serial, String imei, String manufacturer, String model) {
    public DeviceIds {
        Objects.requireNonNull(brand, "brand");
        Objects.requireNonNull(device, "device");
        Objects.requireNonNull(product, "product");
        Objects.requireNonNull(serial, "serial");
        Objects.requireNonNull(imei, "imei");
        Objects.requireNonNull(manufacturer, "manufacturer");
        Objects.requireNonNull(model, "model");
    }
}
