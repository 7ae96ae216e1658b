package org.pmos.kernel.sandbox;

import gov.police.probe.ProbeApp;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;

/**
 * The probe app's {@code app.jar} as Maven built it ({@code secure-kernel/examples/probe}, a
 * test dependency): the jar itself, or, when the reactor stopped before packaging, its classes
 * jarred here. Nothing of the kernel is in it.
 */
public final class TestApps {
    public static final String PROBE_MAIN = ProbeApp.class.getName();

    private TestApps() {}

    public static Path probeAppJar(Path out) throws IOException {
        Path location;
        try {
            location = Path.of(ProbeApp.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
        if (Files.isRegularFile(location)) {
            return Files.copy(location, out, StandardCopyOption.REPLACE_EXISTING);
        }
        try (OutputStream os = Files.newOutputStream(out); JarOutputStream jar = new JarOutputStream(os);
             Stream<Path> files = Files.walk(location)) {
            for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
                jar.putNextEntry(new JarEntry(location.relativize(f).toString().replace('\\', '/')));
                jar.write(Files.readAllBytes(f));
                jar.closeEntry();
            }
        }
        return out;
    }
}
