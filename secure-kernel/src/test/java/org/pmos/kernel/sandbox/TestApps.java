package org.pmos.kernel.sandbox;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import org.pmos.kernel.testapp.ProbeApp;

/** Builds the test app's {@code app.jar} from its compiled classes (nothing of the kernel in it). */
public final class TestApps {
    private TestApps() {}

    public static Path probeAppJar(Path out) throws IOException {
        Path classes;
        try {
            classes = Path.of(ProbeApp.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
        Path pkg = classes.resolve("org/pmos/kernel/testapp");
        try (OutputStream os = Files.newOutputStream(out); JarOutputStream jar = new JarOutputStream(os);
             Stream<Path> files = Files.list(pkg)) {
            for (Path f : files.sorted().toList()) {
                jar.putNextEntry(new JarEntry(classes.relativize(f).toString().replace('\\', '/')));
                jar.write(Files.readAllBytes(f));
                jar.closeEntry();
            }
        }
        return out;
    }
}
