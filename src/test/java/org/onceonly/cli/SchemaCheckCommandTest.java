/*
 * Copyright 2026 The OnceOnly Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.onceonly.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code onceonly schema check --against REF}: a data engineer's change checked against what is committed. */
class SchemaCheckCommandTest {
    private static final String PET = """
            {"type": "record", "name": "Pet", "subject": "chip", "fields": [
              {"name": "chip", "type": "string"},
              {"name": "name", "type": ["null", "string"], "default": null}]}""";

    @TempDir
    Path repository;
    Path schemas;

    @BeforeEach
    void commitFirstVersion() throws Exception {
        schemas = Files.createDirectories(repository.resolve("schemas"));
        Files.writeString(schemas.resolve("Pet.avsc"), PET);
        run(repository, "git", "init", "-q");
        run(repository, "git", "add", ".");
        run(repository, "git", "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-q", "-m", "pet v1");
    }

    @Test
    void addingAnOptionalFieldPasses() throws Exception {
        Files.writeString(schemas.resolve("Pet.avsc"), PET.replace("]}", ", {\"name\": \"breed\", \"type\": [\"null\", \"string\"], \"default\": null}]}"));

        Result result = check();

        assertThat(result.exit()).isZero();
        assertThat(result.output()).contains("ok   Pet (BACKWARD_TRANSITIVE)");
    }

    @Test
    void addingARequiredFieldFailsNamingEntityFieldAndReason() throws Exception {
        Files.writeString(schemas.resolve("Pet.avsc"), PET.replace("]}", ", {\"name\": \"owner\", \"type\": \"string\"}]}"));

        Result result = check();

        assertThat(result.exit()).isEqualTo(1);
        assertThat(result.output()).contains("FAIL Pet").contains("READER_FIELD_MISSING_DEFAULT_VALUE").contains("owner")
                .contains("HEAD:Pet.avsc");
    }

    @Test
    void removingAnEntityFails() throws Exception {
        Files.delete(schemas.resolve("Pet.avsc"));
        Files.writeString(schemas.resolve("Other.avsc"), PET.replace("\"Pet\"", "\"Other\""));

        Result result = check();

        assertThat(result.exit()).isEqualTo(1);
        assertThat(result.output()).contains("Pet: removed since HEAD");
    }

    private record Result(int exit, String output) {}

    private Result check() {
        StringWriter output = new StringWriter();
        int exit = OnceOnly.commandLine().setOut(new PrintWriter(output)).setErr(new PrintWriter(output))
                .execute("schema", "check", "--schemas", schemas.toString(), "--no-pool");
        return new Result(exit, output.toString());
    }

    private static void run(Path directory, String... command) throws Exception {
        Process process = new ProcessBuilder(command).directory(directory.toFile()).inheritIO().start();
        assertThat(process.waitFor()).isZero();
    }
}
