package org.pmos.kernel.hw;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.UUID;

/**
 * Factory reset of userdata: the {@code userdata} partition file and the kernel's userdata
 * folder (app data, per-app sealed keys, installed packages, audit log). The folder is first
 * renamed out of the way in one atomic step, so that a power cut mid-wipe never leaves a
 * half-deleted folder that the kernel would mount; what the rename left behind is deleted
 * now or at the next wipe.
 */
final class UserdataWipe {
    private static final String DOOMED_PREFIX = "userdata.wiped-";

    private UserdataWipe() {}

    static void wipe(FlashStorage flash, Path stateDir, Path userdata) throws IOException {
        removeDoomed(stateDir);
        if (Files.exists(userdata)) {
            Path doomed = stateDir.resolve(DOOMED_PREFIX + UUID.randomUUID());
            try {
                Files.move(userdata, doomed, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                throw new IOException("cannot wipe " + userdata + ": no atomic rename on this filesystem", e);
            }
            deleteTree(doomed);
        }
        flash.erase("userdata");
    }

    private static void removeDoomed(Path stateDir) throws IOException {
        try (var entries = Files.list(stateDir)) {
            for (Path p : entries.filter(p -> p.getFileName().toString().startsWith(DOOMED_PREFIX)).toList()) {
                deleteTree(p);
            }
        }
    }

    private static void deleteTree(Path p) throws IOException {
        try (var s = Files.walk(p)) {
            for (Path x : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(x);
            }
        }
    }
}
