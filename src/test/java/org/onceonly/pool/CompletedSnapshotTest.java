/*
 * Copyright 2026 The OnceOnly Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.onceonly.pool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.onceonly.pool.PoolFixture.LI;
import static org.onceonly.pool.PoolFixture.T1;
import static org.onceonly.pool.PoolFixture.T2;
import static org.onceonly.pool.PoolFixture.WANG;
import static org.onceonly.pool.PoolFixture.ZHANG;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.onceonly.schema.CanonicalBatch;
import org.onceonly.schema.CanonicalChange;
import org.onceonly.schema.CompletedSnapshot;
import org.onceonly.schema.FieldViolation;
import org.onceonly.schema.Operation;
import org.onceonly.schema.Origin;
import org.onceonly.schema.Rejection;

/**
 * A snapshot taken again over rows the pool already holds (after a hub crashed mid-snapshot, say) cannot
 * report rows deleted meanwhile; when it completes, the pool retires what it did not read.
 */
class CompletedSnapshotTest {
    @RegisterExtension
    static final PoolFixture pool = new PoolFixture();

    @Test
    void rowTheCompletedSnapshotDidNotReadIsDeletedWithAHistoryVersion() {
        pool.apply(person(ZHANG, 1, "snap:1"), person(LI, 2, "snap:1"));

        CanonicalBatch second = new CanonicalBatch();
        second.add(person(ZHANG, 1, "snap:2"));
        second.completes(new CompletedSnapshot("hukou", List.of("t.rows"), "snap:2", T2));
        pool.writer.apply(second, connection -> { });

        assertThat(pool.reader.golden("Person", LI)).isEmpty();
        assertThat(pool.reader.golden("Person", ZHANG)).isPresent();
        assertThat(pool.view.history("hukou")).filteredOn(version -> LI.equals(version.subject()))
                .extracting(version -> version.rowKey() + " | " + version.operation().code() + " | " + version.position())
                .containsExactly("t.rows/{\"id\":2} | r | snap:1", "t.rows/{\"id\":2} | d | snap:2");
        // Retired, not forgotten: the row no longer contributes, and its older state cannot come back.
        assertThat(pool.reader.liveRows("hukou")).extracting(PoolReader.LiveRow::rowKey).doesNotContain("t.rows/{\"id\":2}");
        assertThat(pool.apply(person(LI, 2, "snap:1")).stale()).isEqualTo(1);
        assertThat(pool.reader.golden("Person", LI)).isEmpty();
    }

    @Test
    void retiredRowIsAnnouncedAsADeleteWhenChangesArePublished() throws java.sql.SQLException {
        PoolWriter announcing = new PoolWriter(pool.database.dataSource(), pool.registry, true);
        pool.apply(person(ZHANG, 1, "snap:1"), person(LI, 2, "snap:1"));

        CanonicalBatch second = new CanonicalBatch();
        second.add(person(ZHANG, 1, "snap:2"));
        second.completes(new CompletedSnapshot("hukou", List.of("t.rows"), "snap:2", T2));
        announcing.apply(second, connection -> { });

        try (java.sql.Connection connection = pool.database.dataSource().getConnection()) {
            assertThat(Outbox.unsent(connection, 100)).filteredOn(entry -> entry.operation() == Operation.DELETE)
                    .extracting(entry -> entry.subjectKey() + " | " + entry.operation().code() + " | " + entry.position())
                    .containsExactly(LI + " | d | snap:2");
        }
    }

    @Test
    void rowTheSnapshotQuarantinedKeepsItsLastGoodState() {
        pool.apply(person(ZHANG, 1, "snap:1"), person(WANG, 3, "snap:1"));

        CanonicalBatch second = new CanonicalBatch();
        second.add(person(ZHANG, 1, "snap:2"));
        second.reject(new Rejection(new Origin("hukou", "public-security", "t.rows", "{\"id\":3}", "snap:2", T2, true),
                "route", "{\"op\":\"r\"}", List.of(new FieldViolation("citizenId", "check character does not match"))));
        second.completes(new CompletedSnapshot("hukou", List.of("t.rows"), "snap:2", T2));
        pool.writer.apply(second, connection -> { });

        assertThat(pool.reader.golden("Person", WANG)).isPresent();
        assertThat(pool.view.versions(null, Operation.DELETE)).isZero();
    }

    @Test
    void rowsOfOtherSourcesAndTablesAreLeftAlone() {
        pool.apply(person(ZHANG, 1, "snap:1"),
                pool.change("Person", Operation.READ, json(LI), "other-source", "public-security", "{\"id\":2}", "snap:1", T1));

        CanonicalBatch second = new CanonicalBatch();
        second.completes(new CompletedSnapshot("hukou", List.of("t.other_rows"), "snap:2", T2));
        pool.writer.apply(second, connection -> { });

        assertThat(pool.reader.golden("Person", ZHANG)).isPresent();
        assertThat(pool.reader.golden("Person", LI)).isPresent();
    }

    private static CanonicalChange person(String citizenId, long id, String position) {
        return pool.change("Person", Operation.READ, json(citizenId), "hukou", "public-security", "{\"id\":" + id + "}", position,
                position.equals("snap:1") ? T1 : T2);
    }

    private static String json(String citizenId) {
        return "{\"citizenId\": \"" + citizenId + "\", \"name\": \"张三\"}";
    }
}
