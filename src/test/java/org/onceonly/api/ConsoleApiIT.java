/*
 * Copyright 2026 The OnceOnly Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.onceonly.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.onceonly.access.Tokens;
import org.onceonly.testkit.ApiClient;
import org.onceonly.testkit.Department;
import org.onceonly.testkit.HubExtension;
import org.onceonly.testkit.Patience;
import org.onceonly.testkit.TestDepartment;
import org.onceonly.testkit.TestHubs;

/**
 * What the console is served from and the small endpoints it asks: its files (public, under a strict
 * Content-Security-Policy, the chart library from its webjar), the caller's own grants, a form's coverage
 * over time, a source's recent trend and its preflight.
 */
class ConsoleApiIT {
    private static final String REGISTRY_TOKEN = "oo_registry-office-token-abcdefghijklmnopqrstuvwxyz0";
    private static final String STEWARD_TOKEN = "oo_civil-steward-token-abcdefghijklmnopqrstuvwxyz01234";
    private static final HttpClient HTTP = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    @Department(residents = 20)
    static TestDepartment department;
    @RegisterExtension
    static final HubExtension hub = HubExtension.inProcess().startedByTest();
    static ApiClient api;
    static ApiClient registry;

    @BeforeAll
    static void start() throws Exception {
        Files.writeString(hub.clients().resolve("registry-office.yaml"), """
                id: registry-office
                organisation: Marriage Registry Office
                role: platform
                tokenSha256: %s
                grants:
                  - purpose: marriage-registration
                    description: 结婚登记
                    read: {Person: ["*"]}
                    unmasked: [Person.citizenId]
                """.formatted(Tokens.sha256Hex(REGISTRY_TOKEN)));
        Files.writeString(hub.clients().resolve("civil-affairs-steward.yaml"), """
                id: civil-affairs-steward
                organisation: Civil Affairs Data Office
                role: administrator
                departments: [public-security, civil-affairs]
                tokenSha256: %s
                grants:
                  - purpose: data-stewardship
                    read: {Person: ["*"]}
                """.formatted(Tokens.sha256Hex(STEWARD_TOKEN)));
        hub.start();
        api = hub.api();
        registry = api.as(REGISTRY_TOKEN, "marriage-registration");
        Patience.await().until(() -> hub.pool().count("Person") == 20);
    }

    @Test
    void theConsoleIsServedWithoutATokenUnderAPolicyThatAllowsOnlyItsOwnScripts() throws Exception {
        HttpResponse<String> page = get("/console/");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type").orElse("")).startsWith("text/html");
        assertThat(page.headers().firstValue("Content-Security-Policy").orElse(""))
                .contains("script-src 'self'").contains("connect-src 'self'").contains("frame-ancestors 'none'");
        assertThat(page.body()).contains("console.js").doesNotContain("<script>");
        assertThat(get("/console/vendor/uplot/uPlot.iife.min.js").statusCode()).isEqualTo(200);
        assertThat(get("/console").headers().firstValue("Location")).hasValue("/console/");
        HttpResponse<String> missing = get("/console/no-such-file.js");
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(missing.body()).contains("\"error\"");
    }

    @Test
    void theCallerReadsItsOwnGrantsAndNothingOfItsToken() {
        JsonNode me = registry.get("/v1/client").body();
        assertThat(me.get("id").asText()).isEqualTo("registry-office");
        assertThat(me.get("role").asText()).isEqualTo("platform");
        assertThat(me.get("administrator").asBoolean()).isFalse();
        JsonNode grant = me.get("grants").get(0);
        assertThat(grant.get("purpose").asText()).isEqualTo("marriage-registration");
        assertThat(grant.at("/read/Person/0").asText()).isEqualTo("*");
        assertThat(grant.at("/unmasked/0").asText()).isEqualTo("Person.citizenId");
        assertThat(me.toString()).doesNotContain(Tokens.sha256Hex(REGISTRY_TOKEN)).doesNotContain("tokenSha256");
        assertThat(api.as(null, null).get("/v1/client").status()).isEqualTo(401);
        assertThat(api.as(TestHubs.ADMIN_TOKEN, null).get("/v1/client").body().get("administrator").asBoolean()).isTrue();
    }

    @Test
    void anAdministratorReadsItsOwnDepartmentsWhichTheConsoleOffersForStewardship() {
        JsonNode steward = api.as(STEWARD_TOKEN, null).get("/v1/client").body();
        assertThat(steward.get("role").asText()).isEqualTo("administrator");
        assertThat(steward.get("departments")).extracting(JsonNode::asText).containsExactly("civil-affairs", "public-security");
        assertThat(registry.get("/v1/client").body().get("departments")).isEmpty();
    }

    @Test
    void aFormsCoverageHistoryCountsTheLatestPrefillInTheCurrentBucket() {
        String subject = hub.pool().values("Person", "name").keySet().iterator().next();
        assertThat(registry.post("/v1/prefill", "{\"form\": \"marriage-registration\", \"subject\": \"" + subject + "\"}").status())
                .isEqualTo(200);
        Patience.await().until(() -> registry.get("/v1/forms/marriage-registration/coverage/history?hours=1&buckets=4")
                .body().get("buckets").size() == 1);
        JsonNode history = registry.get("/v1/forms/marriage-registration/coverage/history?hours=1&buckets=4").body();
        assertThat(history.get("bucketSeconds").asLong()).isEqualTo(900);
        assertThat(history.get("fieldTarget").asDouble()).isEqualTo(0.3);
        JsonNode bucket = history.get("buckets").get(0);
        assertThat(bucket.get("prefills").asLong()).isEqualTo(1);
        assertThat(bucket.get("fieldShare").asDouble()).isBetween(0.0, 1.0).isPositive();
        assertThat(registry.get("/v1/forms/marriage-registration/coverage/history?buckets=0").status()).isEqualTo(400);
        assertThat(registry.get("/v1/forms/no-such-form/coverage/history").status()).isEqualTo(404);
    }

    @Test
    void aSourcesTrendIsSampledForAdministratorsOnly() {
        String path = "/v1/admin/sources/" + department.sourceId() + "/trend";
        Patience.await().until(() -> api.get(path).body().get("samples").size() >= 1);
        JsonNode sample = api.get(path).body().get("samples").get(0);
        assertThat(sample.has("at")).isTrue();
        assertThat(sample.has("eventsPerSecond")).isTrue();
        assertThat(api.get(path).body().get("intervalSeconds").asLong()).isEqualTo(5);
        assertThat(registry.get(path).status()).isEqualTo(403);
        assertThat(api.get("/v1/admin/sources/no-such-source/trend").status()).isEqualTo(404);
    }

    @Test
    void aSourcesPreflightListsEachItemWithItsStatus() {
        JsonNode report = api.get("/v1/admin/sources/" + department.sourceId() + "/preflight").body();
        assertThat(report.get("verdict").asText()).isIn("pass", "warn");
        assertThat(report.get("items").findValuesAsText("status")).isNotEmpty().doesNotContain("fail");
        assertThat(registry.get("/v1/admin/sources/" + department.sourceId() + "/preflight").status()).isEqualTo(403);
    }

    private static HttpResponse<String> get(String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + hub.config().httpPort() + path)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
