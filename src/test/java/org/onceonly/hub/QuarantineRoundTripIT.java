/*
 * Copyright 2026 The OnceOnly Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.onceonly.hub;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.onceonly.cli.OnceOnly;
import org.onceonly.pool.Quarantine;
import org.onceonly.testkit.ApiClient;
import org.onceonly.testkit.Department;
import org.onceonly.testkit.HubExtension;
import org.onceonly.testkit.IdentityNumbers;
import org.onceonly.testkit.Patience;
import org.onceonly.testkit.TestDepartment;

/**
 * Bad department rows: kept in quarantine with reasons while the stream goes on; after the route is fixed,
 * a replay lands them in the pool; nothing is lost at any point.
 */
class QuarantineRoundTripIT {
    private static final int RESIDENTS = 40;
    private static final String ROUTE = Path.of("routes/public-security/hukou-residents-to-person.yaml").toString();

    @Department(residents = RESIDENTS)
    TestDepartment department;
    @RegisterExtension
    final HubExtension hub = HubExtension.inProcess().startedByTest();

    @Test
    void malformedRowsAreHeldThenReplayedAfterARouteFixWithNothingLost() throws Exception {
        Path routes = Files.createDirectories(department.directory().resolve("routes"));
        Files.copy(Path.of(ROUTE), routes.resolve("person.yaml"));
        // This department also keeps some birth dates as ISO text.
        department.execute("ALTER TABLE hukou.residents ALTER COLUMN csrq TYPE varchar(10)");
        hub.start(config -> config.with(HubSettings.ROUTES, routes));
        ApiClient api = hub.api();
        Patience.await().until(() -> hub.pool().count("Person") == RESIDENTS);

        // Four rows with ISO dates the route does not expect yet, one with a wrong check character.
        for (int i = 0; i < 4; i++) {
            insert(1_000 + i, IdentityNumbers.valid("510107", "1985070" + (i + 1), 100 + 2 * i), "1985-07-0" + (i + 1));
        }
        insert(1_010, IdentityNumbers.withWrongCheckCharacter(IdentityNumbers.valid("510107", "19850710", 301)), "19850710");
        // ... and a good row after them: the stream goes on.
        String good = IdentityNumbers.valid("510107", "19850711", 303);
        insert(1_011, good, "19850711");

        Patience.await().until(() -> api.get("/v1/subjects/" + good + "/person").status() == 200);
        JsonNode held = api.get("/v1/admin/quarantine?source=public-security-hukou").body().get("entries");
        assertThat(held).hasSize(5);
        assertThat(held.findValuesAsText("reason")).anySatisfy(r -> assertThat(r).contains("not a real date in the form yyyyMMdd"))
                .anySatisfy(r -> assertThat(r).contains("check character"));
        assertNothingLost(RESIDENTS + 6);
        assertThat(api.text("/metrics")).contains("onceonly_quarantine_held{field=\"(route)\"");

        long wrongId = held.findValues("id").stream().map(JsonNode::asLong)
                .filter(id -> api.get("/v1/admin/quarantine/" + id).body().path("envelope").path("after")
                        .path("id").asLong() == 1_010).findFirst().orElseThrow();
        assertThat(api.post("/v1/admin/quarantine/" + wrongId + "/discard", "{}").status()).isEqualTo(400);
        assertThat(api.post("/v1/admin/quarantine/" + wrongId + "/discard",
                "{\"note\": \"department corrects the number at source\"}").status()).isEqualTo(200);
        hub.stop();

        // The data engineer teaches the route the department's second date format, then replays.
        Files.writeString(routes.resolve("person.yaml"), Files.readString(routes.resolve("person.yaml"))
                .replace("(.csrq | date(\"yyyyMMdd\"))",
                        "(.csrq | if test(\"-\") then date(\"yyyy-MM-dd\") else date(\"yyyyMMdd\") end)"));
        StringWriter output = new StringWriter();
        int exit = OnceOnly.commandLine().setOut(new PrintWriter(output))
                .execute("quarantine", "replay", "--all", "--config", hub.configFile().toString());

        assertThat(exit).as(output.toString()).isZero();
        assertThat(output.toString()).contains("4 replayed").doesNotContain("rejected");
        hub.start();
        JsonNode person = api.get("/v1/subjects/" + IdentityNumbers.valid("510107", "19850701", 100) + "/person").body();
        assertThat(person.get("fields").get("birthDate").get("value").asText()).isEqualTo("1985-07-01");
        assertThat(api.get("/v1/admin/quarantine").body().get("entries")).isEmpty();
        assertThat(api.get("/v1/admin/quarantine?status=all").body().get("entries")).hasSize(5);
        assertNothingLost(RESIDENTS + 6);
    }

    /** Rows in = rows contributing to the pool + rows held in quarantine (+ rows a steward discarded). */
    private void assertNothingLost(int rowsIn) {
        long inPool = hub.pool().liveRows(department.sourceId());
        long quarantined = hub.pool().quarantined(department.sourceId()).stream()
                .filter(entry -> entry.status() == Quarantine.Status.HELD || entry.status() == Quarantine.Status.DISCARDED).count();
        assertThat(inPool + quarantined).isEqualTo(rowsIn);
    }

    private void insert(long id, String sfzh, String csrq) {
        department.execute("INSERT INTO hukou.residents (id, sfzh, xm, xb, mz, csrq, hjdz) VALUES (?, ?, ?, ?, ?, ?, ?)",
                id, sfzh, "测试", "1", "01", csrq, "四川省成都市武侯区");
    }
}
