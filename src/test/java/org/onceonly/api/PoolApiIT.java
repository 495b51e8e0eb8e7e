/*
 * Copyright 2026 The OnceOnly Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.onceonly.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.onceonly.schema.CanonicalBatch;
import org.onceonly.schema.CanonicalChange;
import org.onceonly.schema.CanonicalRecordMapper;
import org.onceonly.schema.CanonicalSchema;
import org.onceonly.schema.Operation;
import org.onceonly.schema.Origin;
import org.onceonly.schema.SchemaCatalog;
import org.onceonly.testkit.ApiClient;
import org.onceonly.testkit.HubExtension;

/** The pool's read endpoints over real HTTP: a subject's full picture, records naming it, as-of reads, conflicts. */
class PoolApiIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ZHANG = "11010519491231002X";
    private static final String LI = "110105194912310038";
    private static final Instant JANUARY = Instant.parse("2026-01-10T00:00:00Z");
    private static final Instant MARCH = Instant.parse("2026-03-10T00:00:00Z");

    @RegisterExtension
    static final HubExtension hub = HubExtension.inProcess();
    static ApiClient api;

    @BeforeAll
    static void start() throws Exception {
        api = hub.api();
        SchemaCatalog schemas = SchemaCatalog.load(Path.of("schemas"));
        apply(schemas, "Person", "{\"citizenId\": \"" + ZHANG + "\", \"name\": \"张三\", \"registeredAddress\": \"一月地址\"}",
                "hukou", "public-security", "p:1", JANUARY);
        apply(schemas, "Person", "{\"citizenId\": \"" + ZHANG + "\", \"name\": \"张三\", \"registeredAddress\": \"三月地址\"}",
                "hukou", "public-security", "p:2", MARCH);
        apply(schemas, "Person", "{\"citizenId\": \"" + ZHANG + "\", \"name\": \"张叁\"}",
                "shebao", "social-security", "p:1", MARCH);
        apply(schemas, "Marriage", """
                {"registrationNumber": "J110105-2020-000001", "kind": "MARRIAGE", "spouse1CitizenId": "%s",
                 "spouse2CitizenId": "%s", "registrationDate": "2020-05-20"}""".formatted(ZHANG, LI),
                "minzheng", "civil-affairs", "p:1", JANUARY);
    }

    @Test
    void fullPictureHoldsTheSubjectsOwnRecordAndRecordsNamingIt() {
        JsonNode body = api.get("/v1/subjects/" + ZHANG).body();

        assertThat(body.get("records").get("Person").get(0).get("fields").get("registeredAddress").get("value").asText())
                .isEqualTo("三月地址");
        assertThat(body.get("records").get("Marriage").get(0).get("roles").get(0).asText()).isEqualTo("spouse1CitizenId");
    }

    @Test
    void aPersonsMarriagesAreFoundThroughEitherSpouse() {
        JsonNode body = api.get("/v1/subjects/" + LI + "/marriage").body();

        assertThat(body.get("records")).singleElement().satisfies(record -> {
            assertThat(record.get("key").asText()).isEqualTo("J110105-2020-000001");
            assertThat(record.get("roles").get(0).asText()).isEqualTo("spouse2CitizenId");
        });
        assertThat(api.get("/v1/subjects/J110105-2020-000001/marriage").body().get("fields").get("kind").get("value").asText())
                .isEqualTo("MARRIAGE");
    }

    @Test
    void asOfReturnsTheValueThatWasTrueThen() {
        ApiClient.Response february = api.get("/v1/subjects/" + ZHANG + "/person?asOf=2026-02-01T00:00:00Z");

        assertThat(february.status()).isEqualTo(200);
        assertThat(february.body().get("fields").get("registeredAddress").get("value").asText()).isEqualTo("一月地址");
        assertThat(february.body().get("fields").get("name").get("department").asText()).isEqualTo("public-security");
        assertThat(api.get("/v1/subjects/" + ZHANG + "/person?asOf=2025-12-31T00:00:00Z").status()).isEqualTo(404);
        assertThat(api.get("/v1/subjects/" + ZHANG + "/person?asOf=yesterday").status()).isEqualTo(400);
    }

    @Test
    void conflictsAreListedForStewardsAndFilterByDepartment() {
        JsonNode conflicts = api.get("/v1/admin/conflicts?entity=Person&department=social-security").body().get("conflicts");

        assertThat(conflicts).singleElement().satisfies(conflict -> {
            assertThat(conflict.get("field").asText()).isEqualTo("name");
            assertThat(conflict.get("candidates").get(0).get("value").asText()).isEqualTo("张三");
            assertThat(conflict.get("candidates").get(1).get("value").asText()).isEqualTo("张叁");
        });
        assertThat(api.get("/v1/admin/conflicts?department=civil-affairs").body().get("conflicts")).isEmpty();
        assertThat(api.get("/v1/admin/conflicts?limit=0").status()).isEqualTo(400);
    }

    @Test
    void malformedSubjectKeysAreRefusedWithoutEchoingThem() {
        ApiClient.Response response = api.get("/v1/subjects/%3Cscript%3E");

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.body().toString()).doesNotContain("script");
    }

    private static void apply(SchemaCatalog schemas, String entity, String json, String source, String department,
                              String position, Instant time) throws Exception {
        CanonicalSchema schema = schemas.require(entity);
        CanonicalBatch batch = new CanonicalBatch();
        batch.add(new CanonicalChange(schema, Operation.UPDATE, CanonicalRecordMapper.toRecord(schema, JSON.readTree(json)),
                new Origin(source, department, "t.rows", "{\"id\":1}", position, time, false)));
        hub.hub().writer().accept(batch);
    }
}
