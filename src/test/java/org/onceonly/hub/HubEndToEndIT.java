/*
 * Copyright 2026 The OnceOnly Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.onceonly.hub;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.onceonly.schema.FieldViolation;
import org.onceonly.schema.Operation;
import org.onceonly.testkit.ApiClient;
import org.onceonly.testkit.Department;
import org.onceonly.testkit.HubExtension;
import org.onceonly.testkit.IdentityNumbers;
import org.onceonly.testkit.Patience;
import org.onceonly.testkit.TestDepartment;

/**
 * The walking skeleton end to end: a real department PostgreSQL captured by Debezium, the project's own
 * route and schema, a real pool PostgreSQL, and the HTTP API.
 */
class HubEndToEndIT {
    private static final int RESIDENTS = 100;

    @Department(residents = RESIDENTS)
    static TestDepartment department;
    @RegisterExtension
    static final HubExtension hub = HubExtension.inProcess();
    static ApiClient api;

    @BeforeAll
    static void awaitSnapshot() {
        api = hub.api();
        Patience.await().until(() -> hub.pool().count("Person") >= RESIDENTS);
    }

    @Test
    void initialSnapshotBringsEverySeededResidentIntoThePool() {
        assertThat(hub.pool().values("Person", "registeredAddress")).containsAllEntriesOf(department.addressesByIdentityNumber());
    }

    @Test
    void insertedResidentIsServedWithPerFieldProvenance() {
        String id = IdentityNumbers.valid("110105", "19880512", 123);
        department.execute("INSERT INTO hukou.residents (id, sfzh, xm, xb, mz, csrq, hjdz) VALUES (?, ?, ?, ?, ?, ?, ?)",
                10_001L, id, "测试甲", "1", "01", "19880512", "北京市朝阳区测试路1号");

        JsonNode fields = awaitPerson(id).get("fields");

        assertThat(fields.get("name").get("value").asText()).isEqualTo("测试甲");
        assertThat(fields.get("birthDate").get("value").asText()).isEqualTo("1988-05-12");
        assertThat(fields.get("gender").get("value").asText()).isEqualTo("1");
        JsonNode address = fields.get("registeredAddress");
        assertThat(address.get("value").asText()).isEqualTo("北京市朝阳区测试路1号");
        assertThat(address.get("source").asText()).isEqualTo("public-security-hukou");
        assertThat(address.get("department").asText()).isEqualTo("public-security");
        assertThat(Instant.parse(address.get("asOf").asText())).isAfter(Instant.now().minusSeconds(120));
    }

    @Test
    void updateInDepartmentMovesTheValueAndItsAsOf() {
        String id = department.identityNumberOf(2);
        Instant before = Instant.parse(awaitPerson(id).get("fields").get("registeredAddress").get("asOf").asText());

        department.execute("UPDATE hukou.residents SET hjdz = ?, gxsj = now() WHERE id = ?", "上海市徐汇区新址路8号", 2L);

        Patience.await().untilAsserted(() -> {
            JsonNode address = api.get("/v1/subjects/" + id + "/person").body().get("fields").get("registeredAddress");
            assertThat(address.get("value").asText()).isEqualTo("上海市徐汇区新址路8号");
            assertThat(Instant.parse(address.get("asOf").asText())).isAfter(before);
        });
    }

    @Test
    void deleteInDepartmentRemovesTheSubjectsRecord() {
        String id = department.identityNumberOf(3);
        awaitPerson(id);

        department.execute("DELETE FROM hukou.residents WHERE id = ?", 3L);

        Patience.await().until(() -> api.get("/v1/subjects/" + id + "/person").status() == 404);
        assertThat(hub.pool().versions(department.sourceId(), Operation.DELETE)).isGreaterThanOrEqualTo(1);
    }

    @Test
    void identityNumberFailingItsChecksumIsA400WithJsonError() {
        String valid = department.identityNumberOf(1);

        ApiClient.Response response = api.get("/v1/subjects/" + IdentityNumbers.withWrongCheckCharacter(valid) + "/person");

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.contentType()).startsWith("application/json");
        assertThat(response.body().get("error").asText()).isEqualTo("invalid_subject");
        assertThat(response.body().get("message").asText()).contains("check character").doesNotContain(valid.substring(0, 17));
    }

    @Test
    void unknownSubjectIsA404WithJsonError() {
        ApiClient.Response response = api.get("/v1/subjects/" + IdentityNumbers.valid("310104", "19700101", 998) + "/person");

        assertThat(response.status()).isEqualTo(404);
        assertThat(response.body().get("error").asText()).isEqualTo("not_found");
    }

    @Test
    void unknownEntityIsA404() {
        ApiClient.Response response = api.get("/v1/subjects/" + department.identityNumberOf(1) + "/spaceship");

        assertThat(response.status()).isEqualTo(404);
        assertThat(response.body().get("error").asText()).isEqualTo("unknown_entity");
    }

    @Test
    void rowWithInvalidIdentityNumberGoesToQuarantineAndTheStreamContinues() {
        String bad = IdentityNumbers.withWrongCheckCharacter(IdentityNumbers.valid("440305", "19950101", 456));
        department.execute("INSERT INTO hukou.residents (id, sfzh, xm, xb, mz, csrq, hjdz) VALUES (?, ?, ?, ?, ?, ?, ?)",
                10_002L, bad, "测试乙", "2", "01", "19950101", "深圳市南山区");
        String good = IdentityNumbers.valid("440305", "19950102", 458);
        department.execute("INSERT INTO hukou.residents (id, sfzh, xm, xb, mz, csrq, hjdz) VALUES (?, ?, ?, ?, ?, ?, ?)",
                10_003L, good, "测试丙", "2", "01", "19950102", "深圳市南山区");

        awaitPerson(good);
        assertThat(hub.pool().quarantined(department.sourceId())).filteredOn(entry -> entry.rowKey().equals("{\"id\":10002}"))
                .singleElement().satisfies(entry -> assertThat(entry.reasons()).extracting(FieldViolation::reason)
                        .anySatisfy(reason -> assertThat(reason).contains("check character")));
    }

    private JsonNode awaitPerson(String identityNumber) {
        Patience.await().until(() -> api.get("/v1/subjects/" + identityNumber + "/person").status() == 200);
        return api.get("/v1/subjects/" + identityNumber + "/person").body();
    }
}
