package org.pmos.provisioning.api;

import java.time.Instant;
import org.pmos.provisioning.repo.DeviceRecord;

/** A device as the admin API and the console show it. */
public record DeviceDto(String serial, String imei, String model, String unit, String officer, String state,
        String registeredAt, String enrolledAt, String certificateSerial, String lastCheckin, String bootState,
        Integer osPatchLevel, int enrollments) {

    static DeviceDto of(DeviceRecord d) {
        return new DeviceDto(d.serial(), d.imei(), d.model(), d.unit(), d.officer(), d.state().name(), time(d.registeredAt()),
                time(d.enrolledAt()), d.certificateSerial(), time(d.lastCheckin()), d.bootState(),
                d.osPatchLevel() == 0 ? null : d.osPatchLevel(), d.enrollments());
    }

    private static String time(long millis) {
        return millis == 0 ? null : Instant.ofEpochMilli(millis).toString();
    }
}
