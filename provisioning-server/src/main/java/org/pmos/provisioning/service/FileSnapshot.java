package org.pmos.provisioning.service;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;

/**
 * A file's parsed contents, read again only when the file changed on disk: another path, or
 * another modification time or size. One {@code stat} per use instead of a read and a parse.
 */
final class FileSnapshot<T> {
    @FunctionalInterface
    interface Parser<T> {
        T parse(byte[] bytes) throws IOException;
    }

    private record Loaded<T>(Path file, FileTime modified, long size, T value) {}

    private volatile Loaded<T> loaded;

    /** The contents of {@code file} as {@code parser} makes them; throws when the file cannot be read or parsed. */
    T get(Path file, Parser<T> parser) {
        try {
            BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
            Loaded<T> l = loaded;
            if (l == null || !l.file().equals(file) || !l.modified().equals(a.lastModifiedTime()) || l.size() != a.size()) {
                // Replaced between the stat and the read: the next use sees another time and reads again.
                l = new Loaded<>(file, a.lastModifiedTime(), a.size(), parser.parse(Files.readAllBytes(file)));
                loaded = l;
            }
            return l.value();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }
}
