package org.pmos.chat.relay.store;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

/**
 * Wake-ups across relay nodes: a thread with its own connection (not from the pool: it is
 * held for the life of the relay) that {@code LISTEN}s on the queue channel and waits in
 * {@link PGConnection#getNotifications(int)} with a timeout, so it also sees {@link #close}.
 * Each notification names the node that wrote and the devices it queued entries for; this
 * node's own are skipped. If the connection breaks it is opened again, and since
 * notifications sent meanwhile are lost, the relay is told to look at every queue.
 */
final class QueueWakeups implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(QueueWakeups.class.getName());
    private static final int WAIT_MILLIS = 500;

    private final String jdbcUrl;
    private final Properties login = new Properties();
    private final String node;
    private final QueueListener listener;
    private final Thread thread;
    private volatile boolean running = true;

    private QueueWakeups(String jdbcUrl, String user, char[] password, String node, QueueListener listener) {
        this.jdbcUrl = jdbcUrl;
        login.setProperty("user", user);
        login.setProperty("password", new String(password));
        this.node = node;
        this.listener = listener;
        this.thread = new Thread(this::run, "relay-pg-listen");
        thread.setDaemon(true);
    }

    static QueueWakeups start(String jdbcUrl, String user, char[] password, String node, QueueListener listener) {
        QueueWakeups w = new QueueWakeups(jdbcUrl, user, password, node, listener);
        w.thread.start();
        return w;
    }

    private void run() {
        boolean first = true;
        while (running) {
            try (Connection c = DriverManager.getConnection(jdbcUrl, login)) {
                try (Statement s = c.createStatement()) {
                    s.execute("LISTEN " + PostgresRelayStore.CHANNEL);
                }
                if (!first) {
                    listener.missedWakeUps();
                }
                first = false;
                PGConnection pg = c.unwrap(PGConnection.class);
                while (running) {
                    PGNotification[] ns = pg.getNotifications(WAIT_MILLIS);
                    if (ns != null) {
                        for (PGNotification n : ns) {
                            deliver(n.getParameter());
                        }
                    }
                }
            } catch (SQLException e) {
                if (running) {
                    LOG.log(System.Logger.Level.WARNING, "queue wake-ups interrupted, listening again: " + e.getMessage());
                    first = false;
                    pause();
                }
            }
        }
    }

    private void deliver(String payload) {
        int space = payload.indexOf(' ');
        if (space < 0 || payload.substring(0, space).equals(node)) {
            return;
        }
        for (String device : payload.substring(space + 1).split(",")) {
            if (!device.isEmpty()) {
                listener.queued(device);
            }
        }
    }

    private void pause() {
        try {
            Thread.sleep(WAIT_MILLIS); // before connecting again to a database that just failed
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }

    @Override
    public void close() {
        running = false;
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
