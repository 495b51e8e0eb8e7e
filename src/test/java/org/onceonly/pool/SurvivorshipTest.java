/*
 * Copyright 2026 The OnceOnly Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.onceonly.pool;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.onceonly.schema.Operation;

/** Golden records when departments disagree, delete, re-insert, arrive late, and when read as of the past. */
class SurvivorshipTest {
    private static final String ZHANG = "11010519491231002X";
    private static final String LI = "110105194912310038";
    private static final Instant T1 = Instant.parse("2026-01-01T08:00:00Z");
    private static final Instant T2 = Instant.parse("2026-02-01T08:00:00Z");
    private static final Instant T3 = Instant.parse("2026-03-01T08:00:00Z");

    @RegisterExtension
    static final PoolFixture pool = new PoolFixture();

    @Test
    void authoritativeDepartmentWinsEvenWhenOthersAreNewerAndTheDisagreementIsListed() {
        pool.apply(person("hukou", "public-security", ZHANG, "张三", "北京市东城区建国路1号", "pos:1", T1),
                person("shebao", "social-security", ZHANG, "张 三", "北京市朝阳区和平街2号", "pos:1", T2));

        ObjectNode golden = pool.reader.golden("Person", ZHANG).orElseThrow().fields();

        assertThat(golden.get("registeredAddress").get("value").asText()).isEqualTo("北京市东城区建国路1号");
        assertThat(golden.get("registeredAddress").get("department").asText()).isEqualTo("public-security");
        assertThat(pool.reader.conflicts("Person", null, 10)).extracting(PoolReader.Conflict::field)
                .containsExactlyInAnyOrder("name", "registeredAddress");
        assertThat(pool.reader.conflicts("Person", "social-security", 10)).hasSize(2);
        assertThat(pool.reader.conflicts("Person", "civil-affairs", 10)).isEmpty();
        PoolReader.Conflict address = pool.reader.conflicts(null, null, 10).stream()
                .filter(c -> c.field().equals("registeredAddress")).findFirst().orElseThrow();
        assertThat(address.departments()).containsExactly("public-security", "social-security");
        assertThat(address.candidates().get(1).get("value").asText()).isEqualTo("北京市朝阳区和平街2号");
    }

    @Test
    void aDisagreementIsListedWhicheverDepartmentArrivesFirstAndHoweverManyRowsCarryIt() {
        String json = "{\"citizenId\": \"" + ZHANG + "\", \"name\": \"张三\", \"registeredAddress\": \"旧址\"}";
        pool.apply(pool.change("Person", Operation.CREATE, json, "shebao", "social-security", "{\"id\":9}", "pos:1", T1),
                pool.change("Person", Operation.CREATE, json, "shebao", "social-security", "{\"id\":10}", "pos:2", T1));
        pool.apply(person("hukou", "public-security", ZHANG, "张三", "新址", "pos:1", T2));

        assertThat(pool.reader.conflicts("Person", null, 10)).extracting(PoolReader.Conflict::field).containsExactly("registeredAddress");
    }

    @Test
    void twoDepartmentsWritingTheSameSubjectsAtOnceLeaveEveryDisagreementListed() throws Exception {
        java.util.List<String> subjects = new java.util.ArrayList<>();
        for (int i = 0; i < 300; i++) {
            String first17 = String.format("11010519800101%03d", i);
            subjects.add(first17 + org.onceonly.identity.CitizenId.checkCharacter(first17));
        }
        Thread shebao = new Thread(() -> {
            for (int i = 0; i < subjects.size(); i += 30) {
                org.onceonly.schema.CanonicalBatch batch = new org.onceonly.schema.CanonicalBatch();
                for (int j = i; j < i + 30; j++) {
                    batch.add(person("shebao", "social-security", subjects.get(j), "张三", "旧址", "pos:" + j, T1, j));
                }
                pool.writer.accept(batch);
            }
        });
        shebao.start();
        for (int i = 0; i < subjects.size(); i += 30) {
            org.onceonly.schema.CanonicalBatch batch = new org.onceonly.schema.CanonicalBatch();
            for (int j = i; j < i + 30; j++) {
                batch.add(person("hukou", "public-security", subjects.get(j), "张三", "新址", "pos:" + j, T2, j));
            }
            pool.writer.accept(batch);
        }
        shebao.join();

        assertThat(pool.reader.conflicts("Person", null, 1000)).hasSize(subjects.size());
    }

    @Test
    void aRowChangedTwiceInOneBatchKeepsBothVersionsAndEndsAtTheLast() {
        PoolWriter.Outcome outcome = pool.apply(person("hukou", "public-security", ZHANG, "张三", "第一处", "pos:1", T1),
                person("hukou", "public-security", ZHANG, "张三", "第二处", "pos:2", T2),
                person("hukou", "public-security", ZHANG, "张三", "第二处", "pos:3", T3));

        assertThat(outcome).isEqualTo(new PoolWriter.Outcome(2, 1, 0));
        assertThat(address(ZHANG)).isEqualTo("第二处");
        assertThat(pool.livePositions("hukou")).containsExactly("pos:3");
        assertThat(pool.historyPositions("hukou")).containsExactly("pos:1", "pos:2");
    }

    @Test
    void aFailingBatchReportsTheDatabasesReasonWithoutTheStatementsValues() {
        PoolException error = org.assertj.core.api.Assertions.catchThrowableOfType(PoolException.class, () -> {
            // Any unique key violated by a batch: here a scratch table's, with personal data in the values.
            try (java.sql.Connection connection = pool.database.dataSource().getConnection()) {
                connection.createStatement().execute("CREATE TEMPORARY TABLE scratch (subject_key text PRIMARY KEY, fields jsonb)");
                try (java.sql.PreparedStatement insert = connection.prepareStatement("INSERT INTO scratch (subject_key, fields) VALUES (?, ?::jsonb)")) {
                    for (int i = 0; i < 2; i++) {
                        insert.setString(1, ZHANG);
                        insert.setString(2, "{\"secret\": \"张三的地址\"}");
                        insert.addBatch();
                    }
                    insert.executeBatch();
                }
            } catch (java.sql.SQLException e) {
                throw new PoolException("applying a batch failed", e);
            }
        });

        assertThat(error.getMessage()).contains("duplicate key").contains("23505")
                .doesNotContain("张三的地址").doesNotContain(ZHANG);
        assertThat(error.getCause()).isNull();
    }

    @Test
    void amongEquallyAuthoritativeSourcesTheNewerSourceTimeWins() {
        pool.apply(person("hukou-east", "public-security", ZHANG, "张三", "旧址", "pos:1", T2),
                person("hukou-west", "public-security", ZHANG, "张三", "新址", "pos:1", T3));

        assertThat(pool.reader.golden("Person", ZHANG).orElseThrow().fields().get("registeredAddress").get("value").asText())
                .isEqualTo("新址");
    }

    @Test
    void aFieldOnlyALesserDepartmentHoldsIsStillFilledFromIt() {
        pool.apply(pool.change("Person", Operation.CREATE, "{\"citizenId\": \"" + ZHANG + "\", \"name\": \"张三\"}",
                        "hukou", "public-security", "{\"id\":1}", "pos:1", T1),
                person("shebao", "social-security", ZHANG, "张三", "北京市朝阳区和平街2号", "pos:1", T2));

        ObjectNode golden = pool.reader.golden("Person", ZHANG).orElseThrow().fields();

        assertThat(golden.get("registeredAddress").get("department").asText()).isEqualTo("social-security");
        assertThat(pool.reader.conflicts("Person", null, 10)).isEmpty();
    }

    @Test
    void deleteRemovesOnlyThatSourcesContributionAndReinsertRestoresItWithFullHistory() {
        pool.apply(person("hukou", "public-security", ZHANG, "张三", "户籍地址", "pos:1", T1),
                person("shebao", "social-security", ZHANG, "张三", "社保地址", "pos:1", T1));

        pool.apply(pool.change("Person", Operation.DELETE, null, "hukou", "public-security", "{\"id\":1}", "pos:2", T2));
        assertThat(address(ZHANG)).isEqualTo("社保地址");

        pool.apply(person("hukou", "public-security", ZHANG, "张三", "户籍地址", "pos:3", T3));
        assertThat(address(ZHANG)).isEqualTo("户籍地址");
        assertThat(pool.view.history("hukou")).extracting(PoolReader.Version::operation)
                .containsExactly(Operation.UPDATE, Operation.DELETE, Operation.UPDATE);
    }

    @Test
    void aLateEventOlderThanTheStoredPositionIsIgnoredAndCounted() {
        pool.apply(person("hukou", "public-security", ZHANG, "张三", "新址", "pos:5", T2));
        long staleBefore = pool.writer.staleCount();

        PoolWriter.Outcome outcome = pool.apply(person("hukou", "public-security", ZHANG, "张三", "旧址", "pos:3", T1));

        assertThat(outcome.stale()).isEqualTo(1);
        assertThat(pool.writer.staleCount()).isEqualTo(staleBefore + 1);
        assertThat(address(ZHANG)).isEqualTo("新址");
        assertThat(pool.view.versions(null)).isEqualTo(1);
    }

    @Test
    void asOfReadsReturnWhatWasTrueThen() {
        pool.apply(person("hukou", "public-security", ZHANG, "张三", "第一处", "pos:1", T1));
        pool.apply(person("hukou", "public-security", ZHANG, "张三", "第二处", "pos:2", T2));
        pool.apply(pool.change("Person", Operation.DELETE, null, "hukou", "public-security", "{\"id\":1}", "pos:3", T3));

        assertThat(pool.reader.asOf(schema(), ZHANG, T1.minusSeconds(1))).isEmpty();
        assertThat(pool.reader.asOf(schema(), ZHANG, T1.plusSeconds(60)).orElseThrow().get("registeredAddress").get("value").asText())
                .isEqualTo("第一处");
        assertThat(pool.reader.asOf(schema(), ZHANG, T2).orElseThrow().get("registeredAddress").get("value").asText())
                .isEqualTo("第二处");
        assertThat(pool.reader.asOf(schema(), ZHANG, T3.plusSeconds(1))).isEmpty();
        assertThat(pool.reader.golden("Person", ZHANG)).isEmpty();
    }

    @Test
    void aMarriageBelongsToBothSpousesAndToTheirFullPicture() {
        pool.apply(person("hukou", "public-security", ZHANG, "张三", "地址", "pos:1", T1),
                pool.change("Marriage", Operation.CREATE, """
                        {"registrationNumber": "J110105-2020-000001", "kind": "MARRIAGE",
                         "spouse1CitizenId": "%s", "spouse1Name": "张三", "spouse2CitizenId": "%s", "spouse2Name": "李四",
                         "registrationDate": "2020-05-20"}""".formatted(ZHANG, LI),
                        "minzheng", "civil-affairs", "{\"id\":9}", "pos:1", T1));

        assertThat(pool.reader.naming("Marriage", ZHANG)).singleElement()
                .satisfies(m -> assertThat(m.roles()).containsExactly("spouse1CitizenId"));
        assertThat(pool.reader.naming("Marriage", LI)).singleElement()
                .satisfies(m -> assertThat(m.subject()).isEqualTo("J110105-2020-000001"));
        assertThat(pool.reader.picture(ZHANG)).extracting(PoolReader.GoldenRecord::entity).containsExactly("Marriage", "Person");
    }

    @Test
    void aHouseholdBelongsToEachMember() {
        pool.apply(pool.change("Household", Operation.CREATE, """
                {"householdNumber": "H-1", "headCitizenId": "%s",
                 "members": [{"citizenId": "%s", "relation": "02"}, {"citizenId": "%s", "relation": "10"}]}""".formatted(ZHANG, ZHANG, LI),
                "hukou", "public-security", "{\"hh\":\"H-1\"}", "pos:1", T1));

        assertThat(pool.reader.naming("Household", LI)).singleElement()
                .satisfies(h -> assertThat(h.roles()).containsExactly("members[].citizenId"));
        assertThat(pool.reader.naming("Household", ZHANG)).singleElement()
                .satisfies(h -> assertThat(h.roles()).containsExactly("headCitizenId", "members[].citizenId"));
    }

    private String address(String subject) {
        return pool.reader.golden("Person", subject).orElseThrow().fields().get("registeredAddress").get("value").asText();
    }

    private static org.onceonly.schema.CanonicalSchema schema() {
        return pool.schemas.require("Person");
    }

    private static org.onceonly.schema.CanonicalChange person(String source, String department, String id, String name,
                                                              String address, String position, Instant time) {
        return person(source, department, id, name, address, position, time, 1);
    }

    private static org.onceonly.schema.CanonicalChange person(String source, String department, String id, String name,
                                                              String address, String position, Instant time, int row) {
        return pool.change("Person", Operation.UPDATE, """
                {"citizenId": "%s", "name": "%s", "registeredAddress": "%s"}""".formatted(id, name, address),
                source, department, "{\"id\":" + row + "}", position, time);
    }
}
