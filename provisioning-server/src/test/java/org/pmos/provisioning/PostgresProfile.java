package org.pmos.provisioning;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.List;

/** Runs a test class against PostgreSQL instead of H2. */
public class PostgresProfile implements QuarkusTestProfile {
    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(TestPostgres.class));
    }
}
