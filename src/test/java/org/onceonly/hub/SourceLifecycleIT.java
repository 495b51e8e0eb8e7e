/*
 * Copyright 2026 The OnceOnly Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.onceonly.hub;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.onceonly.cli.OnceOnly;
import org.onceonly.testkit.ApiClient;
import org.onceonly.testkit.Department;
import org.onceonly.testkit.HubExtension;
import org.onceonly.testkit.Patience;
import org.onceonly.testkit.PoolTampering;
import org.onceonly.testkit.TestDepartment;
import org.onceonly.testkit.TestHubs;

/** A running source under an operator's hands: status, pause, resume, re-snapshot, register, remove. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SourceLifecycleIT {
    private static final int RESIDENTS = 60;
    private static final String SOURCE = "public-security-hukou";

    @Department(residents = RESIDENTS)
    static TestDepartment department;
    @RegisterExtension
    static final HubExtension hub = HubExtension.inProcess().startedByTest();
    static ApiClient api;

    @BeforeAll
    static void start() {
        department.addSignalTable();
        department.execute("ANALYZE hukou.residents");
        Path connectors = department.directory().resolve("lifecycle-connectors");
        department.writeConnector(connectors, SOURCE, "", "  signal.data.collection: hukou.onceonly_signal\n");
        // A tiny WAL limit and a fast probe, so that a paused source's retained WAL is warned about at once.
        hub.start(config -> config.with(HubSettings.CONNECTORS, connectors).with(HubSettings.WATCH_WAL_WARNING, 64L * 1024).with(HubSettings.WATCH_PROBE_INTERVAL, 1));
        api = hub.api();
        Patience.await().until(() -> hub.pool().count("Person") == RESIDENTS);
    }

    @Test
    @Order(1)
    void statusShowsStateProgressRateLagAndSlot() {
        Patience.await().untilAsserted(() -> {
            JsonNode status = api.get("/v1/admin/sources/" + SOURCE).body();
            assertThat(status.get("state").asText()).as("the snapshot ended with its last record").isEqualTo("streaming");
            assertThat(status.get("snapshot").get("rowsDone").asLong()).isEqualTo(RESIDENTS);
            assertThat(status.get("snapshot").get("rowsTotal").asLong()).isEqualTo(RESIDENTS);
            assertThat(status.get("retainedWalBytes").isNumber()).isTrue();
            assertThat(status.get("lag").has("bytesBehind")).isTrue();
            assertThat(status.toString()).doesNotContain("password");
        });
        assertThat(api.get("/v1/admin/sources").body().get("sources")).hasSize(1);
        assertThat(api.text("/metrics")).contains("onceonly_source_retained_wal_bytes{source=\"" + SOURCE + "\"}")
                .contains("onceonly_source_warning{source=\"" + SOURCE + "\"}");
    }

    @Test
    @Order(2)
    void pausedSourceCatchesUpOnResumeWithNothingLost() {
        assertThat(api.post("/v1/admin/sources/" + SOURCE + "/pause", "").body().get("state").asText()).isEqualTo("stopped");

        department.execute("UPDATE hukou.residents SET hjdz = ? WHERE id = ?", "暂停期间搬家", 5L);
        // WAL piles up behind the paused slot (a 256 KiB WAL record: no table changes).
        department.query("SELECT pg_logical_emit_message(false, 'onceonly-test', repeat('x', 262144))::text");
        Patience.await().untilAsserted(() -> assertThat(api.get("/v1/admin/sources/" + SOURCE).body().path("warning").asText())
                .contains("retains").contains("while the source is not running: resume or remove it"));
        assertThat(api.text("/metrics")).contains("onceonly_source_warning{source=\"" + SOURCE + "\"} 1.0");
        String id = department.identityNumberOf(5);
        assertThat(api.post("/v1/admin/sources/" + SOURCE + "/resume", "").status()).isEqualTo(200);

        Patience.await().until(() -> "暂停期间搬家".equals(api.get("/v1/subjects/" + id + "/person").body()
                .path("fields").path("registeredAddress").path("value").asText()));
        assertThat(hub.pool().versionsPerRow(SOURCE)).containsEntry(5L, 2);
    }

    @Test
    @Order(3)
    void resnapshotWhileStreamingRestoresWhatThePoolLost() {
        String id = department.identityNumberOf(7);
        // Simulate drift: the pool lost a row's contribution (say, a botched manual repair).
        PoolTampering.loseSourceRow(hub.poolDatabase(), "hukou.residents/{\"id\":7}", id);
        assertThat(api.get("/v1/subjects/" + id + "/person").status()).isEqualTo(404);

        ApiClient.Response response = api.post("/v1/admin/sources/" + SOURCE + "/resnapshot", "{\"tables\": [\"hukou.residents\"]}");

        assertThat(response.status()).isEqualTo(202);
        Patience.await().until(() -> api.get("/v1/subjects/" + id + "/person").status() == 200);
        department.execute("UPDATE hukou.residents SET hjdz = ? WHERE id = ?", "快照期间搬家", 8L);
        String other = department.identityNumberOf(8);
        Patience.await().until(() -> "快照期间搬家".equals(api.get("/v1/subjects/" + other + "/person").body()
                .path("fields").path("registeredAddress").path("value").asText()));
    }

    @Test
    @Order(4)
    void resnapshotOfATableTheSourceDoesNotCaptureIsRefused() {
        assertThat(api.post("/v1/admin/sources/" + SOURCE + "/resnapshot?table=hukou.secrets", "").status()).isEqualTo(400);
    }

    @Test
    @Order(5)
    void aConnectorPostedByADbaIsCheckedKeptAndStarted() throws Exception {
        HttpResponse<String> bad = postYaml(connector("second-copy").replace("kind: postgres", "kind: oracle"));
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.body()).contains("kind").doesNotContain("Exception");

        HttpResponse<String> created = postYaml(connector("second-copy"));

        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        assertThat(hub.config().connectors().resolve("second-copy.yaml")).exists();
        // No route starts at dept:second-copy yet, so its rows wait in quarantine for one.
        Patience.await().until(() -> hub.pool().quarantined("second-copy").stream().filter(entry -> entry.reasons().stream()
                .anyMatch(reason -> reason.reason().contains("no route starts at dept:second-copy"))).count() == RESIDENTS);
        JsonNode status = api.get("/v1/admin/sources/second-copy").body();
        assertThat(status.get("quarantine").get("held").asLong()).isEqualTo(RESIDENTS);
        assertThat(status.get("quarantine").get("byReason").get(0).get("reason").asText()).contains("no route starts at");
    }

    @Test
    @Order(6)
    void removedSourceDropsItsSlotOffsetsAndConnectorFile() {
        assertThat(api.delete("/v1/admin/sources/second-copy")).isEqualTo(200);

        assertThat(hub.config().connectors().resolve("second-copy.yaml")).doesNotExist();
        assertThat(api.get("/v1/admin/sources/second-copy").status()).isEqualTo(404);
        // Its offsets table in the pool database (Debezium's JDBC offset store) is gone.
        assertThat(hub.poolDatabase().database().query("SELECT count(*) FROM information_schema.tables WHERE table_name = ?",
                "onceonly_second_copy_offsets")).isEqualTo("0");
        assertThat(department.execute("DELETE FROM hukou.onceonly_signal WHERE id = 'none'")).isZero();
        assertThat(slotExists("onceonly_second_copy")).isFalse();
        assertThat(slotExists("onceonly_public_security_hukou")).isTrue();
    }

    @Test
    @Order(7)
    void theCommandLineListsPausesAndResumesThroughTheRunningHub() {
        String hubUrl = "http://127.0.0.1:" + hub.config().httpPort();
        String tokenFile = TestHubs.adminTokenFile(hub.config().platform().clients()).toString();

        CommandResult list = onceonly("source", "list", "--token-file", tokenFile, "--hub", hubUrl);
        CommandResult pause = onceonly("source", "pause", SOURCE, "--token-file", tokenFile, "--hub", hubUrl);
        CommandResult resume = onceonly("source", "resume", SOURCE, "--token-file", tokenFile, "--hub", hubUrl);
        CommandResult unknown = onceonly("source", "status", "no-such-source", "--token-file", tokenFile, "--hub", hubUrl);
        CommandResult noHub = onceonly("source", "list", "--token-file", tokenFile, "--hub", "http://127.0.0.1:" + TestHubs.freePort());

        assertThat(list.exit()).isZero();
        // Rows done of the table's size: the re-snapshot of an earlier step may still be counting.
        assertThat(list.output()).contains(SOURCE).contains("postgres").containsPattern("snapshot \\d+/" + RESIDENTS);
        assertThat(pause.output()).contains("stopped");
        assertThat(resume.exit()).isZero();
        assertThat(unknown.exit()).isEqualTo(1);
        assertThat(unknown.error()).contains("no source with that id");
        assertThat(noHub.exit()).isEqualTo(1);
        assertThat(noHub.error()).contains("no hub answers at");
    }

    private record CommandResult(int exit, String output, String error) {}

    private static CommandResult onceonly(String... arguments) {
        java.io.StringWriter out = new java.io.StringWriter();
        java.io.StringWriter err = new java.io.StringWriter();
        int exit = OnceOnly.commandLine().setOut(new java.io.PrintWriter(out)).setErr(new java.io.PrintWriter(err)).execute(arguments);
        return new CommandResult(exit, out.toString(), err.toString());
    }

    private static boolean slotExists(String slot) {
        return !"0".equals(department.query("SELECT count(*) FROM pg_replication_slots WHERE slot_name = ?", slot));
    }

    private static HttpResponse<String> postYaml(String yaml) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + hub.config().httpPort()
                        + "/v1/admin/sources")).header("Content-Type", "application/yaml")
                        .header("Authorization", "Bearer " + TestHubs.ADMIN_TOKEN).POST(HttpRequest.BodyPublishers.ofString(yaml)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static String connector(String id) {
        return department.connectorYaml(id) + """
                options:
                  publication.autocreate.mode: disabled
                  publication.name: onceonly_public_security_hukou
                """;
    }
}
