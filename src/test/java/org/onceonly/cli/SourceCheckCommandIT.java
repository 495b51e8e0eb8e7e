/*
 * Copyright 2026 The OnceOnly Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.onceonly.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.onceonly.testkit.Department;
import org.onceonly.testkit.TestDepartment;

/** {@code onceonly source check FILE|ID}: a DBA learns what is missing, and the SQL that fixes it, before anything runs. */
class SourceCheckCommandIT {
    @TempDir
    static Path directory;
    @Department(residents = 5)
    static TestDepartment department;
    static Path unsharedSource;

    @BeforeAll
    static void shareATableWithoutGrantingIt() throws IOException {
        department.execute("CREATE TABLE hukou.unshared (id bigint PRIMARY KEY)");
        department.execute("ALTER TABLE hukou.unshared REPLICA IDENTITY FULL");
        department.execute("ALTER PUBLICATION onceonly_public_security_hukou ADD TABLE hukou.unshared");
        // The demo's connector, with one more table that nobody granted to the capture role.
        String demo = Files.readString(department.connectors().resolve("public-security-hukou.yaml"));
        unsharedSource = Files.writeString(directory.resolve("with-unshared.yaml"),
                demo.replace("  - name: hukou.residents\n", "  - name: hukou.residents\n  - name: hukou.unshared\n"));
    }

    @Test
    void readySourceGivenByIdPrintsPassLinesAndExitsZero() throws IOException {
        Path config = Files.writeString(directory.resolve("onceonly.yaml"), "connectors: " + department.connectors().toAbsolutePath() + "\n");

        Result result = run("source", "check", "public-security-hukou", "--config", config.toString());

        assertThat(result.exit()).isZero();
        assertThat(result.output()).contains("PASS  wal_level = logical\n")
                .contains("PASS  SELECT on hukou.residents\n")
                .contains("PASS  EXECUTE on pg_logical_emit_message for onceonly_cdc")
                .endsWith("public-security-hukou: ready: 15 passed\n");
    }

    @Test
    void missingGrantPrintsTheFixUnderTheFailedItemAndExitsOne() {
        Result result = run("source", "check", unsharedSource.toString());

        assertThat(result.exit()).isEqualTo(1);
        assertThat(result.output()).contains("""
                FAIL  SELECT on hukou.unshared: onceonly_cdc may not read hukou.unshared
                      fix: GRANT SELECT ON "hukou"."unshared" TO "onceonly_cdc";
                """).contains("public-security-hukou: not ready: 1 failed");
    }

    @Test
    void jsonReportListsEveryItemWithStatusAndRemedy() throws IOException {
        Result result = run("source", "check", unsharedSource.toString(), "--json");

        JsonNode report = new ObjectMapper().readTree(result.output());
        assertThat(result.exit()).isEqualTo(1);
        assertThat(report.get("source").asText()).isEqualTo("public-security-hukou");
        assertThat(report.get("verdict").asText()).isEqualTo("FAIL");
        JsonNode select = null;
        for (JsonNode item : report.get("items")) {
            if (item.get("name").asText().equals("SELECT on hukou.unshared")) {
                select = item;
            }
        }
        assertThat(select).isNotNull();
        assertThat(select.get("status").asText()).isEqualTo("FAIL");
        assertThat(select.get("remedy").asText()).isEqualTo("GRANT SELECT ON \"hukou\".\"unshared\" TO \"onceonly_cdc\";");
    }

    @Test
    void unknownIdSaysWhichIdsTheConnectorsFolderHas() throws IOException {
        Path config = Files.writeString(directory.resolve("other.yaml"), "connectors: " + department.connectors().toAbsolutePath() + "\n");

        Result result = run("source", "check", "no-such-source", "--config", config.toString());

        assertThat(result.exit()).isEqualTo(1);
        assertThat(result.output()).contains("no source with id no-such-source").contains("it has: public-security-hukou");
    }

    private record Result(int exit, String output) {}

    private static Result run(String... arguments) {
        StringWriter output = new StringWriter();
        int exit = OnceOnly.commandLine().setOut(new PrintWriter(output)).setErr(new PrintWriter(output)).execute(arguments);
        return new Result(exit, output.toString().replace(System.lineSeparator(), "\n"));
    }
}
