/*
 * Copyright 2026 The OnceOnly Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.onceonly.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The kit's shared server: templates copied into independent databases, dropped with their replication slots. */
class TestPostgresTest {
    private static final TestPostgres.Template NUMBERS = new TestPostgres.Template("kit_numbers_template", database -> {
        database.execute("CREATE TABLE numbers (n integer PRIMARY KEY)");
        database.execute("INSERT INTO numbers VALUES (1), (2)");
    });

    @Test
    void copiesOfATemplateStartWithItsContentAndChangeIndependently() {
        TestPostgres server = TestPostgres.shared();
        try (TestDatabase first = server.copyOf(NUMBERS); TestDatabase second = server.copyOf(NUMBERS)) {
            first.execute("INSERT INTO numbers VALUES (3)");

            assertThat(first.name()).isNotEqualTo(second.name());
            assertThat(first.query("SELECT count(*) FROM numbers")).isEqualTo("3");
            assertThat(second.query("SELECT count(*) FROM numbers")).isEqualTo("2");
        }
    }

    @Test
    void aDroppedDatabaseTakesItsReplicationSlotsWithIt() {
        TestPostgres server = TestPostgres.shared();
        TestDatabase database = server.copyOf(NUMBERS);
        String slot = database.name() + "_slot";
        database.query("SELECT pg_create_logical_replication_slot(?, 'pgoutput')::text", slot);
        TestDatabase observer = server.create(server.uniqueName("kit_observer"));
        try (observer) {
            database.close();

            assertThat(observer.query("SELECT count(*) FROM pg_replication_slots WHERE slot_name = ?", slot)).isEqualTo("0");
            assertThat(observer.query("SELECT count(*) FROM pg_database WHERE datname = ?", database.name())).isEqualTo("0");
        }
    }

    @Test
    void resetEmptiesTheTablesThatWereEmptyAtTheBaselineOnly() {
        try (TestDatabase database = TestPostgres.shared().copyOf(NUMBERS)) {
            database.execute("CREATE TABLE events (id bigserial PRIMARY KEY, what text)");
            database.baseline();
            database.execute("INSERT INTO events (what) VALUES ('x')");
            database.execute("INSERT INTO numbers VALUES (3)");

            database.reset();

            assertThat(database.query("SELECT count(*) FROM events")).isEqualTo("0");
            assertThat(database.query("SELECT count(*) FROM numbers")).isEqualTo("3");
            database.execute("INSERT INTO events (what) VALUES ('y')");
            assertThat(database.query("SELECT max(id) FROM events")).isEqualTo("1");
        }
    }
}
