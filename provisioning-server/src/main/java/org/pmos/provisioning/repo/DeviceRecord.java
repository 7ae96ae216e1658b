package org.pmos.provisioning.repo;

/** One row of the device registry. Times are epoch milliseconds, 0 where not yet known. */
public record DeviceRecord(String serial, String imei, String model, String unit, String officer, DeviceState state,
        long registeredAt, long enrolledAt, String certificateSerial, long lastCheckin, String bootState,
        int osPatchLevel, int enrollments) {}
