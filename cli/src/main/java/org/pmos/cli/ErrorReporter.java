package org.pmos.cli;

import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/**
 * Turns an exception into one clear line on stderr and exit code 1. The stack trace follows
 * only with {@code PMOS_DEBUG=1}: users act on the first line, developers read the rest.
 */
final class ErrorReporter implements IExecutionExceptionHandler {
    @Override
    public int handleExecutionException(Exception e, CommandLine cmd, ParseResult parsed) {
        String message = e instanceof Refused ? e.getMessage() : describe(e);
        cmd.getErr().println("error: " + message);
        if ("1".equals(System.getenv("PMOS_DEBUG"))) {
            e.printStackTrace(cmd.getErr());
        }
        return 1;
    }

    private static String describe(Throwable e) {
        if (e instanceof java.nio.file.NoSuchFileException n) {
            return "no such file: " + n.getFile();
        }
        if (e instanceof java.nio.file.AccessDeniedException a) {
            return "permission denied: " + a.getFile();
        }
        String m = e.getMessage();
        return (m == null || m.isBlank()) ? e.getClass().getSimpleName() : m;
    }
}
