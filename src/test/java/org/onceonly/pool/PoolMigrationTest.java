/*
 * Copyright 2026 The OnceOnly Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.onceonly.pool;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.onceonly.testkit.TestPool;
import org.onceonly.testkit.TestPostgres;

/** The pool's versioned migrations (Flyway): fresh pools, pools made by the scripts before them, hubs starting together. */
class PoolMigrationTest {

    @Test
    void aPoolCreatedBeforeVersionedMigrationsIsBaselinedAndKeepsItsRows() {
        try (TestPool old = TestPool.unmigrated(TestPostgres.shared())) {
            // The shape an early hub's script left: quarantine without the columns added later.
            old.database().execute("""
                    CREATE TABLE quarantine (id bigserial PRIMARY KEY, source_id text NOT NULL, source_table text NOT NULL,
                        row_key text NOT NULL, position text COLLATE "C" NOT NULL, route_id text, envelope jsonb NOT NULL,
                        reasons jsonb NOT NULL, status text NOT NULL DEFAULT 'held', received_at timestamptz NOT NULL DEFAULT now())""");
            old.database().execute("INSERT INTO quarantine (source_id, source_table, row_key, position, envelope, reasons) "
                    + "VALUES ('s', 't', 'k', '1', '{}', '[]')");

            migrate(old);

            assertThat(old.database().query("SELECT string_agg(version || ':' || success, ',' ORDER BY installed_rank) FROM flyway_schema_history"))
                    .startsWith("0:true,1:true").doesNotContain("false");
            assertThat(old.database().query("SELECT count(*)::text FROM quarantine WHERE resolved_at IS NULL AND note IS NULL")).isEqualTo("1");
            assertThat(old.database().query("SELECT to_regclass('access_log')::text")).isEqualTo("access_log");
        }
    }

    @Test
    void hubsStartingTogetherApplyEachVersionOnce() {
        try (TestPool fresh = TestPool.unmigrated(TestPostgres.shared())) {
            CompletableFuture<Void> first = CompletableFuture.runAsync(() -> migrate(fresh));
            CompletableFuture<Void> second = CompletableFuture.runAsync(() -> migrate(fresh));
            CompletableFuture.allOf(first, second).join();
            migrate(fresh);

            assertThat(fresh.database().query("SELECT (count(*) = count(DISTINCT version) AND min(version::int) = 1)::text "
                    + "FROM flyway_schema_history")).isEqualTo("true");
            assertThat(fresh.database().query("SELECT to_regclass('contribution')::text")).isEqualTo("contribution");
        }
    }

    @Test
    void subjectsQueuedOneRowEachBeforeVersion5StayQueuedAsOneBatch() {
        try (TestPool old = TestPool.unmigrated(TestPostgres.shared())) {
            org.flywaydb.core.Flyway.configure().dataSource(old.jdbcUrl(), old.user(), old.password())
                    .locations(PoolDatabase.MIGRATIONS).target("4").load().migrate();
            old.database().execute("INSERT INTO changed_subject (entity, subject_key) VALUES ('Person', 'a'), ('Household', 'b')");

            migrate(old);

            assertThat(old.database().query("SELECT entities::text || subject_keys::text FROM changed_subjects"))
                    .isEqualTo("{Person,Household}{a,b}");
            assertThat(old.database().query("SELECT coalesce(to_regclass('changed_subject')::text, 'gone')")).isEqualTo("gone");
        }
    }

    private static void migrate(TestPool pool) {
        try (PoolDatabase database = new PoolDatabase(pool.jdbcUrl(), pool.user(), pool.password())) {
            database.migrate();
        }
    }
}
