package org.pmos.kernel.handset;

import java.util.Map;

/**
 * What {@code pmos handset status --json} prints. Plain data; {@link #toJson()} renders it.
 *
 * @param state {@code fastboot}, {@code booted} or {@code stopped}
 * @param bootState GREEN / YELLOW / ORANGE / RED of the last boot attempt, or null
 * @param bootFailure reason code of the last refusal (also when an older slot booted instead), or null
 * @param keyFingerprint first 4 bytes of the vbmeta key digest, or null
 * @param activeSlot {@code a} or {@code b}
 * @param rollbackIndexes stored rollback index per location (null when secure storage is not trusted)
 * @param locked lock state (null when secure storage is not trusted)
 * @param secureStorage {@code ok} or why it is refused
 * @param fastbootPort the fastboot TCP port while running, else null
 * @param controlPort the control endpoint's TCP port while running (the screen page at
 *        {@code http://127.0.0.1:PORT/}, see {@link org.pmos.kernel.control.HandsetControl}), else null
 * @param pid the emulator process while running, else null
 */
public record HandsetStatus(String serial, String imei, String state, String bootState, String bootFailure,
                            String bootDetail, String keyFingerprint, String activeSlot,
                            Map<Integer, Long> rollbackIndexes, Boolean locked, Boolean unlockAbility,
                            String secureStorage, Integer fastbootPort, Integer controlPort, Long pid) {

    public String toJson() {
        try {
            return Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(this);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("status does not serialise", e);
        }
    }

    public static HandsetStatus fromJson(String json) throws java.io.IOException {
        return Json.MAPPER.readValue(json, HandsetStatus.class);
    }

    /** The same status with the run-time fields replaced. */
    HandsetStatus withRun(String newState, Integer port, Integer newControlPort, Long newPid) {
        return new HandsetStatus(serial, imei, newState, bootState, bootFailure, bootDetail, keyFingerprint, activeSlot,
                rollbackIndexes, locked, unlockAbility, secureStorage, port, newControlPort, newPid);
    }
}
