package org.pmos.cli;

import java.io.Console;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * Where a key password comes from: {@code --password-file}, else {@code $PMOS_PASSWORD}, else
 * a prompt on the terminal. Never from argv, where other users of the machine could read it.
 */
final class PasswordOptions {
    @Option(names = "--password-file", paramLabel = "FILE",
            description = "Read the key password from the first line of FILE (else $PMOS_PASSWORD, else a prompt).")
    Path passwordFile;

    char[] password(String purpose) {
        if (passwordFile != null) {
            try {
                String text = Files.readString(passwordFile, StandardCharsets.UTF_8);
                int nl = text.indexOf('\n');
                return (nl >= 0 ? text.substring(0, nl) : text).strip().toCharArray();
            } catch (IOException e) {
                throw new Refused("cannot read the password file " + passwordFile + ": " + e.getMessage());
            }
        }
        String env = System.getenv("PMOS_PASSWORD");
        if (env != null && !env.isEmpty()) {
            return env.toCharArray();
        }
        Console console = System.console();
        if (console == null) {
            throw new Refused("no key password: set PMOS_PASSWORD, pass --password-file FILE, or run in a terminal");
        }
        char[] pw = console.readPassword("%s password: ", purpose);
        if (pw == null || pw.length == 0) {
            throw new Refused("no key password given");
        }
        return pw;
    }

    /** What runs with a password in hand; the password is wiped afterwards, whatever happens. */
    @FunctionalInterface
    interface WithPassword<T> {
        T apply(char[] password) throws Exception;
    }

    <T> T use(String purpose, WithPassword<T> action) throws Exception {
        char[] pw = password(purpose);
        try {
            return action.apply(pw);
        } finally {
            java.util.Arrays.fill(pw, '\0');
        }
    }
}
