package org.pmos.cli;

import picocli.CommandLine;

/**
 * Entry point of {@code pmos}. Exit codes: 0 done; 1 refused or failed, with one line saying
 * why on stderr; 2 bad usage.
 */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        System.exit(run(args));
    }

    static int run(String... args) {
        return commandLine().execute(args);
    }

    static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new PmosCommand());
        cli.setExecutionExceptionHandler(new ErrorReporter());
        cli.setCaseInsensitiveEnumValuesAllowed(true);
        return cli;
    }
}
