/*
 * Copyright 2026 The OnceOnly Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.onceonly.hub;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.onceonly.pool.Quarantine;
import org.onceonly.testkit.Department;
import org.onceonly.testkit.HubExtension;
import org.onceonly.testkit.IdentityNumbers;
import org.onceonly.testkit.Patience;
import org.onceonly.testkit.TestDepartment;

/**
 * A change the pool refuses (here a test-only trigger on the pool raises for one source row) is isolated by
 * halving its batch, quarantined with the database's message, and the rest of its batch commits; the source
 * goes on streaming instead of retrying the same batch for ever.
 */
class PoolRefusalIT {
    private static final int RESIDENTS = 40;
    private static final String REFUSED_ROW = "hukou.residents/{\"id\":7}";

    @Department(residents = RESIDENTS)
    TestDepartment department;
    @RegisterExtension
    final HubExtension hub = HubExtension.inProcess().startedByTest();

    @Test
    void aRefusedChangeIsQuarantinedWithTheDatabasesMessageAndTheRestOfItsBatchCommits() {
        hub.poolDatabase().database().execute("""
                CREATE FUNCTION refuse_one_row() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                  IF NEW.row_key = '%s' THEN RAISE EXCEPTION 'test trigger refuses this row'; END IF;
                  RETURN NEW;
                END $$""".formatted(REFUSED_ROW));
        hub.poolDatabase().database().execute(
                "CREATE TRIGGER refuse_one_row BEFORE INSERT OR UPDATE ON contribution FOR EACH ROW EXECUTE FUNCTION refuse_one_row()");

        hub.start();

        Patience.await().until(() -> hub.pool().count("Person") == RESIDENTS - 1);
        List<Quarantine.Entry> held = hub.pool().quarantined(department.sourceId());
        assertThat(held).singleElement().satisfies(entry -> {
            assertThat(entry.rowKey()).isEqualTo("{\"id\":7}");
            assertThat(entry.reasons()).singleElement().satisfies(reason -> {
                assertThat(reason.field()).isEqualTo("(pool)");
                assertThat(reason.reason()).startsWith("pool_rejected: ").contains("test trigger refuses this row").contains("P0001");
            });
        });
        assertThat(hub.pool().golden("Person", department.identityNumberOf(7))).isEmpty();

        // The source streams on: a row inserted now reaches the pool.
        String later = IdentityNumbers.valid("510107", "19850711", 303);
        department.execute("INSERT INTO hukou.residents (id, sfzh, xm, xb, mz, csrq, hjdz) VALUES (?, ?, ?, ?, ?, ?, ?)",
                1_000L, later, "测试", "1", "01", "19850711", "四川省成都市武侯区");
        Patience.await().until(() -> hub.pool().golden("Person", later).isPresent());
        // Nothing lost: every row is in the pool or held.
        assertThat(hub.pool().liveRows(department.sourceId()) + hub.pool().quarantined(department.sourceId()).size())
                .isEqualTo(RESIDENTS + 1);
    }
}
