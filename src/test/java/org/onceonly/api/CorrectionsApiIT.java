/*
 * Copyright 2026 The OnceOnly Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.onceonly.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import java.time.Instant;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.onceonly.access.Tokens;
import org.onceonly.testkit.ApiClient.Part;
import org.onceonly.testkit.ApiClient;
import org.onceonly.testkit.Department;
import org.onceonly.testkit.HubExtension;
import org.onceonly.testkit.Patience;
import org.onceonly.testkit.TestDepartment;
import org.onceonly.testkit.TestHubs;

/**
 * Corrections over real HTTP against a hub fed by the household register through the project's route: a
 * citizen disputes a value, the field shows as disputed, the owning department lists and resolves it.
 */
class CorrectionsApiIT {
    private static final int RESIDENTS = 3;
    /** A valid identity number that no synthetic resident holds. */
    private static final String NOBODY = "11010519491231002X";

    @Department(residents = RESIDENTS)
    static TestDepartment department;
    private static final String CIVIL_STEWARD_TOKEN = "oo_civil-steward-token-abcdefghijklmnopqrstuvwxyz0123";
    private static final String GRANTLESS_ADMIN_TOKEN = "oo_grantless-admin-token-abcdefghijklmnopqrstuvwxyz01";
    private static final String NARROW_TOKEN = "oo_narrow-corrections-token-abcdefghijklmnopqrstuvwx";

    @RegisterExtension
    static final HubExtension hub = HubExtension.inProcess().startedByTest();
    static ApiClient api;

    @BeforeAll
    static void awaitSnapshot() throws Exception {
        // A civil-affairs steward; an operator with no grant at all; a portal whose purpose reads no conditional Person field.
        Files.writeString(hub.clients().resolve("civil-steward.yaml"), """
                id: civil-steward
                organisation: Civil Affairs Data Office
                role: administrator
                departments: [civil-affairs]
                tokenSha256: %s
                grants:
                  - purpose: data-stewardship
                    read: {Person: ["*"], Marriage: ["*"]}
                """.formatted(Tokens.sha256Hex(CIVIL_STEWARD_TOKEN)));
        Files.writeString(hub.clients().resolve("grantless-admin.yaml"), """
                id: grantless-admin
                organisation: Operations Without Grants
                role: operator
                tokenSha256: %s
                """.formatted(Tokens.sha256Hex(GRANTLESS_ADMIN_TOKEN)));
        Files.writeString(hub.clients().resolve("narrow-corrections.yaml"), """
                id: narrow-corrections
                organisation: Narrow Portal
                role: platform
                tokenSha256: %s
                grants:
                  - purpose: narrow
                    may: [corrections]
                """.formatted(Tokens.sha256Hex(NARROW_TOKEN)));
        hub.start();
        api = hub.api();
        Patience.await().until(() -> hub.pool().count("Person") >= RESIDENTS);
    }

    @Test
    void aDisputedFieldShowsAsDisputedUntilItsDepartmentResolvesIt() {
        String citizen = department.identityNumberOf(1);

        ApiClient.Response filed = api.post("/v1/corrections", """
                {"subject": "%s", "entity": "person", "field": "registeredAddress", "proposedValue": "上海市徐汇区新址路9号",
                 "note": "I moved in March; the household register has the old address"}""".formatted(citizen));

        assertThat(filed.status()).isEqualTo(201);
        long id = filed.body().get("id").asLong();
        assertThat(filed.body().get("status").asText()).isEqualTo("open");
        assertThat(filed.body().get("entity").asText()).isEqualTo("Person");
        assertThat(filed.body().get("department").asText()).isEqualTo("public-security");
        JsonNode fields = api.get("/v1/subjects/" + citizen + "/person").body().get("fields");
        assertThat(fields.get("registeredAddress").get("disputed").get("correction").asLong()).isEqualTo(id);
        assertThat(Instant.parse(fields.get("registeredAddress").get("disputed").get("since").asText())).isBefore(Instant.now());
        assertThat(fields.get("name").has("disputed")).isFalse();
        assertThat(api.get("/v1/subjects/" + citizen).body().get("records").get("Person").get(0).get("fields")
                .get("registeredAddress").get("disputed").get("correction").asLong()).isEqualTo(id);

        JsonNode inbox = api.get("/v1/admin/corrections?department=public-security").body().get("corrections");
        assertThat(inbox.findValuesAsText("id")).contains(Long.toString(id));
        assertThat(api.get("/v1/admin/corrections?department=civil-affairs").body().get("corrections")).isEmpty();

        ApiClient.Response resolved = api.post("/v1/admin/corrections/" + id + "/resolve",
                "{\"outcome\": \"accepted\", \"note\": \"address corrected in the register\"}");

        assertThat(resolved.status()).isEqualTo(200);
        assertThat(resolved.body().get("status").asText()).isEqualTo("accepted");
        assertThat(resolved.body().get("resolvedBy").asText()).isEqualTo("test-admin");
        assertThat(api.get("/v1/subjects/" + citizen + "/person").body().get("fields").get("registeredAddress").has("disputed")).isFalse();
        assertThat(api.get("/v1/admin/corrections?department=public-security").body().get("corrections").findValuesAsText("id"))
                .doesNotContain(Long.toString(id));
        assertThat(api.get("/v1/admin/corrections?status=accepted").body().get("corrections").findValuesAsText("id"))
                .contains(Long.toString(id));
    }

    @Test
    void aResolutionIsFinal() {
        long id = file(department.identityNumberOf(2), "name").get("id").asLong();
        api.post("/v1/admin/corrections/" + id + "/resolve", "{\"outcome\": \"rejected\", \"note\": \"the register is right\"}");

        ApiClient.Response again = api.post("/v1/admin/corrections/" + id + "/resolve", "{\"outcome\": \"accepted\", \"note\": \"changed my mind\"}");

        assertThat(again.status()).isEqualTo(409);
        assertThat(again.body().get("error").asText()).isEqualTo("already_resolved");
        assertThat(api.post("/v1/admin/corrections/999999/resolve", "{\"outcome\": \"accepted\", \"note\": \"x\"}").status()).isEqualTo(404);
    }

    @Test
    void aCorrectionIsWrittenToTheCitizensAccessLog() {
        String citizen = department.identityNumberOf(3);

        file(citizen, "birthDate");

        assertThat(hub.hub().accessLog().forSubject(citizen, 10)).anySatisfy(entry -> {
            assertThat(entry.action()).isEqualTo("correction");
            assertThat(entry.fields()).containsExactly("Person.birthDate");
        });
    }

    @Test
    void aCorrectionMayCiteTheSubjectsOwnMaterialOnly() {
        String citizen = department.identityNumberOf(1);
        byte[] proof = "%PDF-1.7\n% 租房合同\n%%EOF\n".getBytes(StandardCharsets.UTF_8);
        String ref = api.multipart("/v1/materials", Part.field("subject", citizen), Part.file("file", "lease.pdf", "application/pdf", proof))
                .body().get("ref").asText();

        ApiClient.Response cited = api.post("/v1/corrections", body(citizen, "gender", "\"material\": \"" + ref + "\""));
        ApiClient.Response othersMaterial = api.post("/v1/corrections", body(department.identityNumberOf(2), "gender",
                "\"material\": \"" + ref + "\""));

        assertThat(cited.status()).isEqualTo(201);
        assertThat(cited.body().get("material").asText()).isEqualTo(ref);
        assertThat(othersMaterial.status()).isEqualTo(400);
        assertThat(othersMaterial.body().get("error").asText()).isEqualTo("unknown_material");
    }

    @Test
    void aMalformedCorrectionIsRefusedWith400NamingTheField() {
        String citizen = department.identityNumberOf(1);
        String badCheckCharacter = citizen.substring(0, 17) + (citizen.endsWith("0") ? "1" : "0");

        ApiClient.Response unknownField = api.post("/v1/corrections", body(citizen, "shoeSize", null));
        ApiClient.Response unknownEntity = api.post("/v1/corrections", """
                {"subject": "%s", "entity": "Pet", "field": "name", "note": "x"}""".formatted(citizen));
        ApiClient.Response badSubject = api.post("/v1/corrections", body(badCheckCharacter, "name", null));
        ApiClient.Response noNote = api.post("/v1/corrections", """
                {"subject": "%s", "entity": "Person", "field": "name"}""".formatted(citizen));
        ApiClient.Response badMaterial = api.post("/v1/corrections", body(citizen, "name", "\"material\": \"../../etc/passwd\""));
        ApiClient.Response notJson = api.post("/v1/corrections", "address is wrong");

        assertThat(unknownField.status()).isEqualTo(400);
        assertThat(unknownField.body().get("error").asText()).isEqualTo("unknown_field");
        assertThat(unknownField.body().get("message").asText()).contains("'field'").contains("shoeSize");
        assertThat(unknownEntity.body().get("error").asText()).isEqualTo("unknown_entity");
        assertThat(badSubject.status()).isEqualTo(400);
        assertThat(badSubject.body().get("message").asText()).contains("'subject'");
        assertThat(badSubject.body().toString()).doesNotContain(badCheckCharacter);
        assertThat(noNote.status()).isEqualTo(400);
        assertThat(noNote.body().get("message").asText()).contains("'note'");
        assertThat(badMaterial.status()).isEqualTo(400);
        assertThat(badMaterial.body().get("message").asText()).contains("'material'");
        assertThat(notJson.status()).isEqualTo(400);
    }

    @Test
    void aCorrectionOfARecordThePoolDoesNotHoldIsAnsweredLikeAnyOther() {
        ApiClient.Response nobody = api.post("/v1/corrections", body(NOBODY, "name", null));
        ApiClient.Response resident = api.post("/v1/corrections", body(department.identityNumberOf(2), "name", null));

        assertThat(nobody.status()).isEqualTo(resident.status()).isEqualTo(201);
        assertThat(fieldNames(nobody.body())).isEqualTo(fieldNames(resident.body()));
        assertThat(nobody.body().get("department").asText()).isEqualTo(resident.body().get("department").asText());
    }

    @Test
    void aCorrectionOfAFieldThePurposeDoesNotReadIsRefused() {
        ApiClient.Response response = api.as(NARROW_TOKEN, "narrow").post("/v1/corrections", body(department.identityNumberOf(1),
                "registeredAddress", null));

        assertThat(response.status()).isEqualTo(403);
        assertThat(response.body().get("error").asText()).isEqualTo("field_not_granted");
        assertThat(api.as(NARROW_TOKEN, "narrow").post("/v1/corrections", body(NOBODY, "registeredAddress", null)).body())
                .isEqualTo(response.body());
    }

    @Test
    void anAdministratorWithoutAStewardshipGrantGets403WhereAdminAnswersShowPersonalData() {
        ApiClient grantless = api.as(GRANTLESS_ADMIN_TOKEN, "data-stewardship");

        for (String path : List.of("/v1/admin/corrections", "/v1/admin/conflicts", "/v1/admin/quarantine/1")) {
            ApiClient.Response response = grantless.get(path);
            assertThat(response.status()).as(path).isEqualTo(403);
            assertThat(response.body().get("error").asText()).as(path).isEqualTo("purpose_not_granted");
        }
        assertThat(api.as(GRANTLESS_ADMIN_TOKEN, null).get("/v1/admin/conflicts").body().get("error").asText()).isEqualTo("purpose_required");
    }

    @Test
    void aStewardOfOneDepartmentCannotSeeOrResolveAnothersCorrection() {
        long id = file(department.identityNumberOf(3), "gender").get("id").asLong();
        ApiClient civil = api.as(CIVIL_STEWARD_TOKEN, "data-stewardship");

        ApiClient.Response resolve = civil.post("/v1/admin/corrections/" + id + "/resolve", "{\"outcome\": \"accepted\", \"note\": \"x\"}");
        ApiClient.Response inbox = civil.get("/v1/admin/corrections");
        ApiClient.Response othersInbox = civil.get("/v1/admin/corrections?department=public-security");

        assertThat(resolve.status()).isEqualTo(403);
        assertThat(resolve.body().get("error").asText()).isEqualTo("department_not_stewarded");
        assertThat(inbox.status()).isEqualTo(200);
        assertThat(inbox.body().get("corrections").findValuesAsText("id")).doesNotContain(Long.toString(id));
        assertThat(othersInbox.status()).isEqualTo(403);
    }

    @Test
    void aStewardsReadOfTheCorrectionsIsLoggedUnderTheCitizen() {
        String citizen = department.identityNumberOf(2);
        file(citizen, "birthDate");

        api.get("/v1/admin/corrections?department=public-security");

        assertThat(hub.hub().accessLog().forSubject(citizen, 1)).singleElement().satisfies(entry -> {
            assertThat(entry.clientId()).isEqualTo("test-admin");
            assertThat(entry.action()).isEqualTo("corrections");
            assertThat(entry.fields()).contains("Person.birthDate");
        });
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new java.util.ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    @Test
    void aPlatformClientCannotUseTheAdminCorrections() {
        ApiClient platform = api.as(TestHubs.PLATFORM_TOKEN, TestHubs.PURPOSE);

        ApiClient.Response list = platform.get("/v1/admin/corrections");
        ApiClient.Response resolve = platform.post("/v1/admin/corrections/1/resolve", "{\"outcome\": \"accepted\", \"note\": \"x\"}");

        assertThat(list.status()).isEqualTo(403);
        assertThat(list.body().get("error").asText()).isEqualTo("administrator_required");
        assertThat(resolve.status()).isEqualTo(403);
    }

    @Test
    void anAdministratorsBadRequestsAreRefusedWith400() {
        assertThat(api.get("/v1/admin/corrections?status=pending").status()).isEqualTo(400);
        assertThat(api.get("/v1/admin/corrections?limit=0").status()).isEqualTo(400);
        assertThat(api.post("/v1/admin/corrections/abc/resolve", "{\"outcome\": \"accepted\", \"note\": \"x\"}").status()).isEqualTo(400);
        ApiClient.Response badOutcome = api.post("/v1/admin/corrections/1/resolve", "{\"outcome\": \"maybe\", \"note\": \"x\"}");
        assertThat(badOutcome.status()).isEqualTo(400);
        assertThat(badOutcome.body().get("message").asText()).contains("'outcome'");
    }

    private static JsonNode file(String citizen, String field) {
        ApiClient.Response response = api.post("/v1/corrections", body(citizen, field, null));
        assertThat(response.status()).isEqualTo(201);
        return response.body();
    }

    private static String body(String subject, String field, String extra) {
        return """
                {"subject": "%s", "entity": "Person", "field": "%s", "note": "this is not right"%s}"""
                .formatted(subject, field, extra == null ? "" : ", " + extra);
    }
}
