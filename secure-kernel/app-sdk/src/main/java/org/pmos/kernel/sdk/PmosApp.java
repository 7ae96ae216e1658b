package org.pmos.kernel.sdk;

/** An app's entry point: the main class named in its manifest implements this. */
public interface PmosApp {
    /** Runs the app; returning ends its process. */
    void run(AppContext context) throws Exception;
}
