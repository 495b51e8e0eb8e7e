package org.onceonly.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SourceDefinitionLoaderTest {
    private static final String VALID = """
            id: civil-affairs-marriage
            department: civil-affairs
            owner: dba@mca.example.gov.cn
            kind: postgres
            host: db.mca.internal
            port: 5432
            database: marriage
            user: onceonly_cdc
            password: ${env:MARRIAGE_DB_PASSWORD}
            tables:
              - hy.registrations
              - name: hy.certificates
                columns: [id, zsbh, djrq]
            """;

    @TempDir
    Path directory;

    @Test
    void validFileBecomesADefinitionWithASecretReference() throws IOException {
        SourceDefinition definition = SourceDefinitionLoader.load(write("ok.yaml", VALID));

        assertThat(definition.id()).isEqualTo("civil-affairs-marriage");
        assertThat(definition.password()).isEqualTo(SecretReference.ofEnv("MARRIAGE_DB_PASSWORD"));
        assertThat(definition.tables()).extracting(TableSpec::name).containsExactly("hy.registrations", "hy.certificates");
        assertThat(definition.tables().get(1).columns()).containsExactly("id", "zsbh", "djrq");
        assertThat(definition.snapshot()).isEqualTo("initial");
    }

    @Test
    void unknownKeyIsNamedWithFileAndLine() throws IOException {
        Path file = write("typo.yaml", VALID.replace("port: 5432", "prot: 5432"));

        assertThatThrownBy(() -> SourceDefinitionLoader.load(file))
                .hasMessageContaining("typo.yaml line 6")
                .hasMessageContaining("unknown key 'prot'");
    }

    @Test
    void literalPasswordIsRefusedWithHowToReferenceOne() throws IOException {
        Path file = write("secret.yaml", VALID.replace("${env:MARRIAGE_DB_PASSWORD}", "hunter2"));

        assertThatThrownBy(() -> SourceDefinitionLoader.load(file))
                .hasMessageContaining("password must be a reference such as ${env:")
                .hasMessageNotContaining("hunter2");
    }

    @Test
    void missingRequiredKeyIsNamed() throws IOException {
        Path file = write("missing.yaml", VALID.replace("department: civil-affairs\n", ""));

        assertThatThrownBy(() -> SourceDefinitionLoader.load(file)).hasMessageContaining("department");
    }

    @Test
    void tableWithoutSchemaIsRefused() throws IOException {
        Path file = write("table.yaml", VALID.replace("- hy.registrations", "- registrations"));

        assertThatThrownBy(() -> SourceDefinitionLoader.load(file)).hasMessageContaining("schema.table");
    }

    @Test
    void fileSecretReferenceIsReadAndTrimmed() throws IOException {
        Path secret = write("pw", "s3cret\n");

        assertThat(SecretReference.parse("password", "${file:" + secret + "}").resolve()).isEqualTo("s3cret");
    }

    @Test
    void demoConnectorInTheRepositoryLoads() {
        assertThat(SourceDefinitionLoader.loadAll(Path.of("connectors", "demo"))).containsKey("public-security-hukou");
    }

    private Path write(String name, String content) throws IOException {
        return Files.writeString(directory.resolve(name), content);
    }
}
