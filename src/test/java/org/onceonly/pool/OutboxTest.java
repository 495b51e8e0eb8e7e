/*
 * Copyright 2026 The OnceOnly Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.onceonly.pool;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.onceonly.schema.CanonicalBatch;
import org.onceonly.schema.CanonicalChange;
import org.onceonly.schema.Operation;
import org.onceonly.schema.RecordCodec;

/** The outbox holds exactly the versions the pool applied, written with them, and only while publication is on. */
class OutboxTest {
    private static final String ZHANG = "11010519491231002X";
    private static final Instant T1 = Instant.parse("2026-01-01T08:00:00Z");

    @RegisterExtension
    static final PoolFixture pool = new PoolFixture();
    static PoolWriter announcing;

    @BeforeAll
    static void start() {
        announcing = new PoolWriter(pool.database.dataSource(), pool.registry, true);
    }

    @Test
    void eachNewVersionAndDeleteIsAnnouncedOnceAndAnUnchangedRereadIsNot() throws Exception {
        apply(announcing, person("北京市东城区建国路1号", "pos:1"));
        apply(announcing, person("北京市东城区建国路1号", "pos:2")); // re-read: unchanged
        apply(announcing, person("北京市西城区金融街9号", "pos:3"));
        apply(announcing, person("北京市西城区金融街9号", "pos:3")); // re-delivery: stale
        apply(announcing, pool.change("Person", Operation.DELETE, null, "hukou", "public-security", "{\"id\":1}", "pos:4", T1));

        List<Outbox.Entry> entries;
        try (Connection connection = pool.database.dataSource().getConnection()) {
            entries = Outbox.unsent(connection, 10);
        }
        assertThat(entries).extracting(Outbox.Entry::position).containsExactly("pos:1", "pos:3", "pos:4");
        assertThat(entries).extracting(Outbox.Entry::operation).containsExactly(Operation.UPDATE, Operation.UPDATE, Operation.DELETE);
        assertThat(entries).extracting(Outbox.Entry::subjectKey).containsOnly(ZHANG);
        assertThat(entries).extracting(Outbox.Entry::schemaVersion).containsExactly(1, 1, null);
        Outbox.Entry update = entries.get(1);
        assertThat(RecordCodec.decode(update.record(), pool.registry.writerSchema(update.fingerprint()),
                pool.schemas.require("Person").avro()).get("registeredAddress").toString()).isEqualTo("北京市西城区金融街9号");
        assertThat(entries.get(2).record()).isNull();
        assertThat(pool.view.versions(null)).isEqualTo(3);
    }

    @Test
    void snapshotCopiedInIsAnnouncedRowByRow() throws Exception {
        CanonicalBatch snapshot = new CanonicalBatch();
        snapshot.add(pool.change("Person", Operation.READ, "{\"citizenId\":\"" + ZHANG + "\",\"name\":\"张三\"}", "hukou",
                "public-security", "{\"id\":1}", "snap:1", T1));
        snapshot.add(pool.change("Person", Operation.READ, "{\"citizenId\":\"110105194912310011\",\"name\":\"李四\"}", "hukou",
                "public-security", "{\"id\":2}", "snap:1", T1));
        announcing.apply(snapshot, connection -> { });

        try (Connection connection = pool.database.dataSource().getConnection()) {
            assertThat(Outbox.unsent(connection, 10))
                    .extracting(entry -> entry.subjectKey() + " " + entry.operation() + " " + entry.position() + " " + (entry.record() != null))
                    .containsExactly(ZHANG + " READ snap:1 true", "110105194912310011 READ snap:1 true");
        }
    }

    @Test
    void sentChangesAreNoLongerPending() throws Exception {
        apply(announcing, person("北京市东城区建国路1号", "pos:1"));
        apply(announcing, person("北京市西城区金融街9号", "pos:2"));
        try (Connection connection = pool.database.dataSource().getConnection()) {
            Outbox.markSent(connection, List.of(Outbox.unsent(connection, 1).get(0).id()));
            assertThat(Outbox.unsent(connection, 10)).extracting(Outbox.Entry::position).containsExactly("pos:2");
        }
        assertThat(Outbox.pending(pool.database.dataSource())).isEqualTo(1);
    }

    @Test
    void withoutPublicationNothingIsWrittenToTheOutbox() {
        apply(pool.writer, person("北京市东城区建国路1号", "pos:1"));

        assertThat(Outbox.pending(pool.database.dataSource())).isZero();
        assertThat(pool.view.versions(null)).isEqualTo(1);
    }

    private static CanonicalChange person(String address, String position) {
        String json = "{\"citizenId\":\"" + ZHANG + "\",\"name\":\"张三\",\"registeredAddress\":\"" + address + "\"}";
        return pool.change("Person", Operation.UPDATE, json, "hukou", "public-security", "{\"id\":1}", position, T1);
    }

    private static void apply(PoolWriter writer, CanonicalChange change) {
        CanonicalBatch batch = new CanonicalBatch();
        batch.add(change);
        writer.apply(batch, connection -> { });
    }
}
