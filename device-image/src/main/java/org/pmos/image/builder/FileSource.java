package org.pmos.image.builder;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.pmos.image.erofs.FileContent;

/**
 * Where the spec takes a file's content from: inline text, a file (relative to the spec), or a
 * placeholder that another module fills in later (the content then names what belongs there).
 */
public sealed interface FileSource permits FileSource.Text, FileSource.FromFile, FileSource.Placeholder {
    FileContent content() throws IOException;

    record Text(String text) implements FileSource {
        @Override
        public FileContent content() {
            return FileContent.of(text.getBytes(StandardCharsets.UTF_8));
        }
    }

    /** {@code name} as written in the spec (it enters the derived salt), {@code path} resolved against the spec's folder. */
    record FromFile(String name, Path path) implements FileSource {
        @Override
        public FileContent content() throws IOException {
            if (!Files.isRegularFile(path)) {
                throw new NoSuchFileException(path.toString(), null, "file named in the image spec is missing");
            }
            return FileContent.of(path);
        }

        @Override
        public String toString() {
            return "file:" + name;
        }
    }

    record Placeholder(String what) implements FileSource {
        @Override
        public FileContent content() {
            return FileContent.of(("# PMOS placeholder: " + what + "\n").getBytes(StandardCharsets.UTF_8));
        }
    }
}
