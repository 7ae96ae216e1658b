package org.pmos.provisioning;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.util.Map;

/** A real PostgreSQL server (embedded binaries, no Docker) as the registry database. */
public class TestPostgres implements QuarkusTestResourceLifecycleManager {
    private EmbeddedPostgres postgres;

    @Override
    public Map<String, String> start() {
        try {
            postgres = EmbeddedPostgres.builder().start();
        } catch (IOException e) {
            throw new IllegalStateException("cannot start embedded PostgreSQL", e);
        }
        return Map.of(
                "quarkus.datasource.h2.active", "false",
                "quarkus.datasource.pg.active", "true",
                "quarkus.datasource.pg.jdbc.url", postgres.getJdbcUrl("postgres", "postgres"),
                "quarkus.datasource.pg.username", "postgres",
                "quarkus.datasource.pg.password", "");
    }

    @Override
    public void stop() {
        if (postgres != null) {
            try {
                postgres.close();
            } catch (IOException e) {
                // The server's folder is a temp folder; nothing else to clean.
            }
        }
    }
}
