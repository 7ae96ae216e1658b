package org.pmos.image.builder;

/** Receives progress messages from {@link ImageBuilder} (the CLI prints them). */
@FunctionalInterface
public interface BuildProgress {
    BuildProgress NONE = message -> {};

    /** A step started or finished, e.g. "system.img: EROFS 12.3 MiB, 57 files". */
    void step(String message);
}
