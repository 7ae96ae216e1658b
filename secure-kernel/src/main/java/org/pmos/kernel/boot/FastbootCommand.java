package org.pmos.kernel.boot;

import java.util.Locale;

/** A host-to-device fastboot command, parsed from its ASCII packet. */
public sealed interface FastbootCommand {
    /** AOSP's FB_COMMAND_SZ: the client never sends more, and a device need not accept more. */
    int MAX_LENGTH = 64;

    record GetVar(String name) implements FastbootCommand {}

    record Download(long size) implements FastbootCommand {}

    record Flash(String partition) implements FastbootCommand {}

    record Erase(String partition) implements FastbootCommand {}

    record SetActive(String slot) implements FastbootCommand {}

    record Reboot() implements FastbootCommand {}

    record RebootBootloader() implements FastbootCommand {}

    record Continue() implements FastbootCommand {}

    record FlashingLock() implements FastbootCommand {}

    record FlashingUnlock() implements FastbootCommand {}

    record FlashingGetUnlockAbility() implements FastbootCommand {}

    record Oem(String args) implements FastbootCommand {}

    /** Anything else, or a malformed argument: answered with FAIL. */
    record Unknown(String text) implements FastbootCommand {}

    /** Parses a command packet (already checked to be at most {@link #MAX_LENGTH} bytes). */
    static FastbootCommand parse(String text) {
        int colon = text.indexOf(':');
        String verb = colon < 0 ? text : text.substring(0, colon);
        String arg = colon < 0 ? "" : text.substring(colon + 1);
        switch (verb) {
            case "getvar":
                return colon < 0 || arg.isEmpty() ? new Unknown(text) : new GetVar(arg);
            case "download":
                if (!arg.matches("[0-9a-fA-F]{8}")) {
                    return new Unknown(text);
                }
                return new Download(Long.parseLong(arg, 16));
            case "flash":
                return arg.isEmpty() ? new Unknown(text) : new Flash(arg);
            case "erase":
                return arg.isEmpty() ? new Unknown(text) : new Erase(arg);
            case "set_active":
                return arg.isEmpty() ? new Unknown(text) : new SetActive(arg);
            case "reboot":
                return colon < 0 ? new Reboot() : arg.equals("bootloader") ? new RebootBootloader() : new Unknown(text);
            case "reboot-bootloader":
                return new RebootBootloader();
            case "continue":
                return new Continue();
            default:
                break;
        }
        String lower = text.toLowerCase(Locale.ROOT);
        return switch (lower) {
            case "flashing lock" -> new FlashingLock();
            case "flashing unlock" -> new FlashingUnlock();
            case "flashing get_unlock_ability" -> new FlashingGetUnlockAbility();
            default -> text.startsWith("oem ") ? new Oem(text.substring(4).trim()) : new Unknown(text);
        };
    }
}
