/*
 * Copyright 2026 The OnceOnly Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.onceonly.pool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.onceonly.pool.PoolFixture.LI;
import static org.onceonly.pool.PoolFixture.T1;
import static org.onceonly.pool.PoolFixture.T2;
import static org.onceonly.pool.PoolFixture.WANG;
import static org.onceonly.pool.PoolFixture.ZHANG;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.onceonly.schema.CanonicalChange;
import org.onceonly.schema.Operation;

/**
 * A snapshot's batch of rows the pool does not hold is copied in (the bulk path); the pool then holds exactly
 * what the general path would have written, and a snapshot over rows the pool holds still applies.
 */
class NewRowsCopyTest {
    @RegisterExtension
    static final PoolFixture pool = new PoolFixture();

    @Test
    void copiedSnapshotStoresWhatTheGeneralPathStores() throws SQLException {
        // The same rows from two sources: "copied" as a snapshot's reads, "general" as creates (which never take the bulk path).
        assertThat(pool.apply(snapshotOf("copied", Operation.READ)).versions()).isEqualTo(4);
        assertThat(pool.apply(snapshotOf("general", Operation.CREATE)).versions()).isEqualTo(4);

        assertThat(stored("contribution", "copied", "entity, row_key, subject_key, department, position, source_time, fingerprint, "
                + "record, names, deleted"))
                .isEqualTo(stored("contribution", "general", "entity, row_key, subject_key, department, position, source_time, "
                        + "fingerprint, record, names, deleted"));
        assertThat(stored("history", "copied", "entity, row_key, subject_key, department, position, source_time, fingerprint, record"))
                .isEqualTo(stored("history", "general", "entity, row_key, subject_key, department, position, source_time, fingerprint, record"));
        assertThat(pool.reader.naming("Household", LI)).isNotEmpty(); // found through the names' index
    }

    @Test
    void snapshotOverRowsThePoolHoldsIsAppliedRowByRow() {
        pool.apply(person(ZHANG, 1, "snap:1", T1));

        PoolWriter.Outcome again = pool.apply(person(ZHANG, 1, "snap:2", T2), person(LI, 2, "snap:2", T2));

        assertThat(again.versions()).isEqualTo(1);
        assertThat(again.unchanged()).isEqualTo(1);
        assertThat(pool.historyPositions("hukou")).containsExactly("snap:1", "snap:2");
        assertThat(pool.reader.golden("Person", LI)).isPresent();
    }

    @Test
    void copyMeetingAHeldRowLastLeavesNothingOfItsOwn() {
        // A source of its own: after a fallback the writer leaves a source's next batches to the general path.
        pool.apply(person("held-last", ZHANG, 9, "snap:1", T1));

        // Rows 1 and 2 come before 9 in key order: copied, then rolled back with the attempt.
        PoolWriter.Outcome again = pool.apply(person("held-last", LI, 1, "snap:2", T2), person("held-last", WANG, 2, "snap:2", T2),
                person("held-last", ZHANG, 9, "snap:2", T2));

        assertThat(again.versions()).isEqualTo(2);
        assertThat(again.unchanged()).isEqualTo(1);
        assertThat(pool.historyPositions("held-last")).containsExactly("snap:1", "snap:2", "snap:2");
        assertThat(pool.livePositions("held-last")).containsExactlyInAnyOrder("snap:2", "snap:2", "snap:2");
    }

    @Test
    void copyOfManyBuffersMeetingAHeldRowFirstFallsBackAndAppliesEveryRow() {
        pool.apply(person("held-first", citizenId(1), 1, "snap:1", T1));

        // Row 1 is the first in key order: the server refuses it while the client still sends the rows after it.
        PoolWriter.Outcome again = pool.apply(manyPersons("held-first", 3_000, "snap:2"));

        assertThat(again.versions()).isEqualTo(2_999);
        assertThat(again.unchanged()).isEqualTo(1);
        assertThat(pool.livePositions("held-first")).hasSize(3_000).containsOnly("snap:2");
    }

    @Test
    void copyOfManyBuffersTheDatabaseRefusesEarlyFailsTheBatchWithItsReason() {
        CanonicalChange[] rows = manyPersons("refused-early", 3_000, "snap:1");
        rows[0] = person("refused-early", citizenId(1), 1, "snap:1", Instant.parse("+300000-01-01T00:00:00Z"));

        assertThatThrownBy(() -> pool.apply(rows))
                .isInstanceOfSatisfying(PoolException.class, e -> assertThat(e.sqlState()).startsWith("22"));
        assertThat(pool.view.versions("refused-early")).isZero();
        assertThat(pool.apply(person("refused-early", citizenId(2), 2, "snap:1", T1)).versions()).isEqualTo(1); // the connection is fine
    }

    @Test
    void snapshotReadOlderThanAHeldDeleteIsStale() {
        pool.apply(person(ZHANG, 1, "p:1", T1));
        pool.apply(pool.change("Person", Operation.DELETE, null, "hukou", "public-security", "{\"id\":1}", "p:5", T2));

        PoolWriter.Outcome late = pool.apply(person(ZHANG, 1, "p:4", T2));

        assertThat(late.stale()).isEqualTo(1);
        assertThat(pool.reader.golden("Person", ZHANG)).isEmpty();
    }

    @Test
    void copyTheDatabaseRefusesFailsTheBatchWithItsReason() {
        Instant beyondPostgres = Instant.parse("+300000-01-01T00:00:00Z");

        assertThatThrownBy(() -> pool.apply(person(ZHANG, 1, "snap:1", T1), person(LI, 2, "snap:1", beyondPostgres)))
                .isInstanceOfSatisfying(PoolException.class, e -> assertThat(e.sqlState()).startsWith("22"));
        assertThat(pool.view.versions("hukou")).isZero();
    }

    @Test
    void snapshotBatchNamingARowTwiceKeepsTheNewerPosition() {
        PoolWriter.Outcome outcome = pool.apply(person(ZHANG, 1, "snap:1", T1), person(ZHANG, 1, "snap:2", T2));

        assertThat(outcome.versions()).isEqualTo(1);
        assertThat(outcome.unchanged()).isEqualTo(1);
        assertThat(pool.livePositions("hukou")).containsExactly("snap:2");
    }

    private static CanonicalChange[] snapshotOf(String source, Operation op) {
        return new CanonicalChange[] {
            pool.change("Person", op, "{\"citizenId\": \"" + ZHANG + "\", \"name\": \"张三\"}", source, "public-security",
                    "{\"id\":1}", "snap:1", T1),
            pool.change("Person", op, "{\"citizenId\": \"" + LI + "\", \"name\": \"李四\"}", source, "public-security",
                    "{\"id\":2}", "snap:1", T1.plusNanos(123_456_789)), // rounded to the microsecond alike
            pool.change("Person", op, "{\"citizenId\": \"" + WANG + "\", \"name\": \"王五\"}", source, "public-security",
                    "{\"id\":3}", "snap:1", T1.plusNanos(2_500)),
            pool.change("Household", op, """
                    {"householdNumber": "H-1", "headCitizenId": "%s",
                     "members": [{"citizenId": "%s", "relation": "02"}, {"citizenId": "%s", "relation": "10"}]}"""
                    .formatted(ZHANG, ZHANG, LI), source, "public-security", "{\"hh\":\"H-1\"}", "snap:1", T1)};
    }

    private static CanonicalChange person(String citizenId, long id, String position, Instant time) {
        return person("hukou", citizenId, id, position, time);
    }

    private static CanonicalChange person(String source, String citizenId, long id, String position, Instant time) {
        return pool.change("Person", Operation.READ, "{\"citizenId\": \"" + citizenId + "\", \"name\": \"张三\"}", source,
                "public-security", "{\"id\":" + id + "}", position, time);
    }

    /** A snapshot's reads of rows 1 to {@code count}, each a different person: far more than one COPY buffer. */
    private static CanonicalChange[] manyPersons(String source, int count, String position) {
        CanonicalChange[] rows = new CanonicalChange[count];
        for (int id = 1; id <= count; id++) {
            rows[id - 1] = person(source, citizenId(id), id, position, T2);
        }
        return rows;
    }

    /** A valid identity number of its own for each {@code id} (a birth date a day later every thousand). */
    private static String citizenId(int id) {
        String first17 = "110105" + java.time.LocalDate.of(1980, 1, 1).plusDays(id / 1000).format(java.time.format.DateTimeFormatter.BASIC_ISO_DATE)
                + String.format("%03d", id % 1000);
        return first17 + org.onceonly.identity.CitizenId.checkCharacter(first17);
    }

    /** A source's rows of {@code table}, the columns as text, in key order. */
    private static List<String> stored(String table, String source, String columns) throws SQLException {
        List<String> rows = new ArrayList<>();
        try (Connection connection = pool.database.dataSource().getConnection();
             PreparedStatement select = connection.prepareStatement("SELECT (" + columns + ")::text FROM " + table
                     + " WHERE source_id = ? ORDER BY entity, row_key")) {
            select.setString(1, source);
            try (ResultSet result = select.executeQuery()) {
                while (result.next()) {
                    rows.add(result.getString(1));
                }
            }
        }
        return rows;
    }
}
