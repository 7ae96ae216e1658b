package org.pmos.provisioning.boot;

import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.logging.Handler;
import org.jboss.logmanager.ExtHandler;
import org.jboss.logmanager.LogContext;
import org.jboss.logmanager.handlers.ConsoleHandler;
import org.pmos.provisioning.config.ProvisioningConfig;

/**
 * Switches the console log to {@link JsonLogFormatter} at startup when {@code pmos.log-format}
 * says so ({@code auto}: when stdout is not a terminal, as under {@code pmos server start},
 * whose output goes to a log file). Lines before startup stay text.
 */
@ApplicationScoped
public class LogFormat {
    void install(@Observes @Priority(1) StartupEvent started, ProvisioningConfig config) {
        boolean json = switch (config.logFormat()) {
            case JSON -> true;
            case TEXT -> false;
            case AUTO -> System.console() == null;
        };
        if (json) {
            for (Handler h : LogContext.getLogContext().getLogger("").getHandlers()) {
                useJson(h);
            }
        }
    }

    private static void useJson(Handler h) {
        if (h instanceof ConsoleHandler console) {
            console.setFormatter(new JsonLogFormatter());
        } else if (h instanceof ExtHandler parent) {
            for (Handler child : parent.getHandlers()) {
                useJson(child);
            }
        }
    }
}
