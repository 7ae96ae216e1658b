package org.pmos.provisioning.repo;

import io.agroal.api.AgroalDataSource;
import io.quarkus.agroal.runtime.AgroalDataSourceUtil;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * The registry database: embedded H2 (datasource {@code h2}, the default) or PostgreSQL
 * (datasource {@code pg}); exactly one is active, chosen at startup by configuration.
 * Work runs in one local transaction: committed whole or rolled back whole.
 */
@ApplicationScoped
public class Database {
    @FunctionalInterface
    public interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    private final AgroalDataSource dataSource;

    public Database() {
        this.dataSource = AgroalDataSourceUtil.dataSourceIfActive("pg")
                .or(() -> AgroalDataSourceUtil.dataSourceIfActive("h2"))
                .orElseThrow(() -> new IllegalStateException(
                        "no active datasource: set quarkus.datasource.h2.active or quarkus.datasource.pg.active"));
    }

    public <T> T tx(Work<T> work) {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                T result = work.run(c);
                c.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new StorageException(e);
        }
    }

    /** Runs a read, or a single statement, in auto-commit mode. */
    public <T> T read(Work<T> work) {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(true);
            return work.run(c);
        } catch (SQLException e) {
            throw new StorageException(e);
        }
    }

    /** A database failure; the message is the driver's (no request data in it). */
    public static final class StorageException extends RuntimeException {
        public StorageException(SQLException cause) {
            super("database error: " + cause.getMessage(), cause);
        }
    }
}
