package org.pmos.provisioning.api;

import java.util.List;

/** The check-in protocol (mutual TLS with the device certificate). */
public final class CheckinDtos {
    private CheckinDtos() {}

    public record Result(long id, boolean ok, String detail) {}

    /** {@code bootState} GREEN/YELLOW/..., {@code osPatchLevel} YYYYMM, results of delivered commands. */
    public record CheckinRequest(String bootState, Integer osPatchLevel, List<Result> results) {}

    public record CommandDto(long id, String kind, String argument) {}

    public record CheckinResponse(List<CommandDto> commands) {}
}
