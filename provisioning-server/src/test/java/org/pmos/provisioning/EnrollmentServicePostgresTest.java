package org.pmos.provisioning;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** The same enrollment cases with the registry on PostgreSQL. */
@QuarkusTest
@TestProfile(PostgresProfile.class)
class EnrollmentServicePostgresTest extends EnrollmentServiceTest {}
