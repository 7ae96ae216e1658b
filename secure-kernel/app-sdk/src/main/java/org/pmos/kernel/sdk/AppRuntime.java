package org.pmos.kernel.sdk;

import java.nio.file.Path;

/**
 * The main class of every app process the kernel starts: connects to the socket the kernel
 * names, then runs the app's {@link PmosApp}. Arguments: {@code SOCKET MAIN_CLASS}.
 */
public final class AppRuntime {
    private AppRuntime() {}

    public static void main(String[] args) throws Exception {
        if (args.length != 2) {
            System.err.println("usage: AppRuntime SOCKET MAIN_CLASS");
            System.exit(2);
        }
        try (KernelConnection kernel = KernelConnection.connect(Path.of(args[0]))) {
            Object app = Class.forName(args[1]).getDeclaredConstructor().newInstance();
            if (!(app instanceof PmosApp p)) {
                throw new IllegalArgumentException(args[1] + " does not implement PmosApp");
            }
            p.run(new AppContext(kernel));
        }
    }
}
