package org.pmos.kernel.sandbox;

import java.nio.file.Path;
import java.util.Objects;
import org.pmos.kernel.ipc.Caller;

/**
 * One app to start.
 *
 * @param caller the admitted identity (package, domain, granted permissions)
 * @param appJar the verified {@code app.jar}, in a folder only the kernel writes
 * @param mainClass the manifest's main class (implements {@code PmosApp})
 * @param runDir where the app's socket and process log go
 * @param dataDir the app's own folder (its working directory)
 */
public record LaunchSpec(Caller caller, Path appJar, String mainClass, Path runDir, Path dataDir) {
    public LaunchSpec {
        Objects.requireNonNull(caller);
        Objects.requireNonNull(appJar);
        if (!mainClass.matches("[A-Za-z_$][A-Za-z0-9_$]*(\\.[A-Za-z_$][A-Za-z0-9_$]*)*")) {
            throw new IllegalArgumentException("not a class name: " + mainClass);
        }
        Objects.requireNonNull(runDir);
        Objects.requireNonNull(dataDir);
    }
}
