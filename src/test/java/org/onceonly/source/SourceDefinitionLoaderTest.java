/*
 * Copyright 2026 The OnceOnly Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.onceonly.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
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

    private static final String POLLED = """
            id: market-regulation-enterprises
            department: market-regulation
            owner: dba@scjg.example.gov.cn
            kind: jdbc-poll
            jdbcUrl: jdbc:oracle:thin:@//db.scjg.internal:1521/SCJG
            user: onceonly_reader
            password: ${env:SCJG_DB_PASSWORD}
            tables:
              - name: scjg.enterprises
                key: [id]
                watermark: gxsj
                softDelete: {column: scbz, deletedValue: "1"}
              - name: scjg.licences
                columns: [xkzh, qymc, yxq]
                key: [xkzh]
                watermark: gxsj
            poll: {intervalMs: 2000, batchSize: 500, timeZone: Asia/Shanghai}
            """;

    private static final String MARIADB = """
            id: human-resources-social-security
            department: human-resources-social-security
            owner: dba@rsj.example.gov.cn
            kind: mariadb
            host: db.rsj.internal
            port: 3306
            database: shebao
            user: onceonly_cdc
            password: ${env:SHEBAO_DB_PASSWORD}
            tables:
              - shebao.cbxx
              - name: shebao.jfjl
                columns: [id, sfzh, jfny, jfje]
            snapshot: initial
            options:
              database.server.id: "6401"
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
    void validJdbcPollFileBecomesADefinitionWithKeysWatermarksAndPollSettings() throws IOException {
        SourceDefinition definition = SourceDefinitionLoader.load(write("polled.yaml", POLLED));

        assertThat(definition.kind()).isEqualTo(SourceKind.JDBC_POLL);
        assertThat(definition.jdbcUrl()).isEqualTo("jdbc:oracle:thin:@//db.scjg.internal:1521/SCJG");
        assertThat(definition.host()).isNull();
        TableSpec enterprises = definition.tables().get(0);
        assertThat(enterprises.key()).containsExactly("id");
        assertThat(enterprises.watermark()).isEqualTo("gxsj");
        assertThat(enterprises.softDelete()).isEqualTo(new TableSpec.SoftDelete("scbz", "1"));
        assertThat(definition.tables().get(1).columns()).containsExactly("xkzh", "qymc", "yxq");
        assertThat(definition.poll()).isEqualTo(new PollSettings(Duration.ofSeconds(2), 500, ZoneId.of("Asia/Shanghai")));
    }

    @Test
    void jdbcPollTableWithoutWatermarkIsRefusedNamingTheKeyAndTheTablesLine() throws IOException {
        Path file = write("nowatermark.yaml", POLLED.replace("    watermark: gxsj\n    softDelete", "    softDelete"));

        assertThatThrownBy(() -> SourceDefinitionLoader.load(file))
                .hasMessageContaining("nowatermark.yaml line 9")
                .hasMessageContaining("table scjg.enterprises")
                .hasMessageContaining("missing required key 'watermark' for kind jdbc-poll");
    }

    private static final String JOINED = POLLED.replace("""
              - name: scjg.licences
                columns: [xkzh, qymc, yxq]
            """, """
              - name: scjg.licences
                query: >-
                  SELECT l.xkzh, l.qymc, e.scbz, greatest(l.gxsj, e.gxsj) AS gxsj
                  FROM scjg.licences l JOIN scjg.enterprises e ON e.id = l.qyid
            """);

    @Test
    void jdbcPollTableMayGiveItsOwnQueryInsteadOfColumns() throws IOException {
        SourceDefinition source = SourceDefinitionLoader.load(write("joined.yaml", JOINED));

        TableSpec licences = source.tables().get(1);
        assertThat(licences.name()).isEqualTo("scjg.licences");
        assertThat(licences.query()).startsWith("SELECT l.xkzh").contains("JOIN scjg.enterprises");
        assertThat(licences.from()).startsWith("(SELECT l.xkzh").endsWith(") polled");
        assertThat(source.tables().get(0).from()).isEqualTo("scjg.enterprises");
    }

    @Test
    void queryThatDoesNotSelectTheWatermarkIsRefusedNamingTheFieldAndColumn() throws IOException {
        Path file = write("nowm.yaml", JOINED.replace(", greatest(l.gxsj, e.gxsj) AS gxsj", ""));

        assertThatThrownBy(() -> SourceDefinitionLoader.load(file))
                .hasMessageContaining("nowm.yaml line 14")
                .hasMessageContaining("table scjg.licences: query does not select column gxsj");
    }

    @Test
    void queryThatIsNotOneSelectIsRefused() throws IOException {
        assertThatThrownBy(() -> SourceDefinitionLoader.load(write("del.yaml",
                JOINED.replace("SELECT l.xkzh", "DELETE FROM scjg.licences; SELECT l.xkzh"))))
                .hasMessageContaining("query must be one SELECT");
        assertThatThrownBy(() -> SourceDefinitionLoader.load(write("two.yaml", JOINED.replace("l.qyid", "l.qyid; DROP TABLE x"))))
                .hasMessageContaining("query must be one statement");
        assertThatThrownBy(() -> SourceDefinitionLoader.load(write("param.yaml", JOINED.replace("l.qyid", "l.qyid AND l.yxq > ?"))))
                .hasMessageContaining("query must not contain '?'");
    }

    @Test
    void queryAndColumnsTogetherAreRefused() throws IOException {
        Path file = write("both.yaml", JOINED.replace("    query: >-", "    columns: [xkzh]\n    query: >-"));

        assertThatThrownBy(() -> SourceDefinitionLoader.load(file))
                .hasMessageContaining("give either columns or query, not both");
    }

    @Test
    void queryInAPostgresSourceIsRefused() throws IOException {
        Path file = write("pgquery.yaml", VALID.replace("    columns: [id, zsbh, djrq]\n", "    query: SELECT id FROM hy.certificates\n"));

        assertThatThrownBy(() -> SourceDefinitionLoader.load(file))
                .hasMessageContaining("key, watermark, softDelete and query are for kind jdbc-poll");
    }

    @Test
    void jdbcPollTableWithoutKeyIsRefusedNamingTheKey() throws IOException {
        Path file = write("nokey.yaml", POLLED.replace("    key: [xkzh]\n", ""));

        assertThatThrownBy(() -> SourceDefinitionLoader.load(file))
                .hasMessageContaining("nokey.yaml line 13")
                .hasMessageContaining("missing required key 'key' for kind jdbc-poll");
    }

    @Test
    void jdbcUrlInAPostgresSourceIsRefusedNamingTheKindAndLine() throws IOException {
        Path file = write("pgurl.yaml", VALID.replace("host: db.mca.internal\n",
                "host: db.mca.internal\njdbcUrl: jdbc:postgresql://db.mca.internal/marriage\n"));

        assertThatThrownBy(() -> SourceDefinitionLoader.load(file))
                .hasMessageContaining("pgurl.yaml line 6")
                .hasMessageContaining("key 'jdbcUrl' is not used by kind postgres");
    }

    @Test
    void jdbcPollSourceWithoutJdbcUrlNamesTheKindAndTheMissingKey() throws IOException {
        Path file = write("nourl.yaml", POLLED.replace("jdbcUrl: jdbc:oracle:thin:@//db.scjg.internal:1521/SCJG\n", ""));

        assertThatThrownBy(() -> SourceDefinitionLoader.load(file))
                .hasMessageContaining("missing required key(s) for kind jdbc-poll: jdbcUrl");
    }

    @Test
    void hostInAJdbcPollSourceIsRefusedRatherThanIgnored() throws IOException {
        Path file = write("host.yaml", POLLED.replace("user: onceonly_reader", "host: db.scjg.internal\nuser: onceonly_reader"));

        assertThatThrownBy(() -> SourceDefinitionLoader.load(file))
                .hasMessageContaining("host.yaml line 6")
                .hasMessageContaining("key 'host' is not used by kind jdbc-poll");
    }

    @Test
    void watermarkInAPostgresTableIsRefused() throws IOException {
        Path file = write("pgwatermark.yaml", VALID.replace("    columns: [id, zsbh, djrq]", "    columns: [id, zsbh, djrq]\n    watermark: gxsj"));

        assertThatThrownBy(() -> SourceDefinitionLoader.load(file))
                .hasMessageContaining("pgwatermark.yaml line 12")
                .hasMessageContaining("are for kind jdbc-poll");
    }

    @Test
    void jdbcUrlCarryingAPasswordIsRefusedWithoutRepeatingIt() throws IOException {
        Path file = write("urlsecret.yaml", POLLED.replace("jdbc:oracle:thin:@//db.scjg.internal:1521/SCJG",
                "jdbc:postgresql://db.scjg.internal/scjg?user=reader&password=hunter2"));

        assertThatThrownBy(() -> SourceDefinitionLoader.load(file))
                .hasMessageContaining("urlsecret.yaml line 5")
                .hasMessageContaining("jdbcUrl must not carry a password")
                .hasMessageNotContaining("hunter2");
    }

    @Test
    void columnNameThatIsNotAPlainIdentifierIsRefused() throws IOException {
        Path file = write("injection.yaml", POLLED.replace("watermark: gxsj\n    softDelete", "watermark: \"gxsj; DROP TABLE x\"\n    softDelete"));

        assertThatThrownBy(() -> SourceDefinitionLoader.load(file))
                .hasMessageContaining("injection.yaml line 9")
                .hasMessageContaining("must be a plain identifier");
    }

    @Test
    void softDeleteWithoutDeletedValueIsRefusedNamingTheKey() throws IOException {
        Path file = write("softdelete.yaml", POLLED.replace(", deletedValue: \"1\"", ""));

        assertThatThrownBy(() -> SourceDefinitionLoader.load(file))
                .hasMessageContaining("softdelete.yaml line 12")
                .hasMessageContaining("deletedValue");
    }

    @Test
    void validMariaDbFileNamesTablesAsDatabaseDotTable() throws IOException {
        SourceDefinition definition = SourceDefinitionLoader.load(write("mariadb.yaml", MARIADB));

        assertThat(definition.kind()).isEqualTo(SourceKind.MARIADB);
        assertThat(definition.jdbcUrl()).isEqualTo("jdbc:mariadb://db.rsj.internal:3306/shebao");
        assertThat(definition.tables()).extracting(TableSpec::schema).containsOnly("shebao");
        assertThat(definition.tables()).extracting(TableSpec::table).containsExactly("cbxx", "jfjl");
        assertThat(definition.options()).containsEntry("database.server.id", "6401");
    }

    @Test
    void mysqlKindConnectsWithTheMySqlUrl() throws IOException {
        SourceDefinition definition = SourceDefinitionLoader.load(write("mysql.yaml", MARIADB.replace("kind: mariadb", "kind: mysql")));

        assertThat(definition.kind()).isEqualTo(SourceKind.MYSQL);
        assertThat(definition.jdbcUrl()).isEqualTo("jdbc:mysql://db.rsj.internal:3306/shebao");
    }

    @Test
    void mariaDbTableInAnotherDatabaseIsRefusedNamingTheRegisteredDatabase() throws IOException {
        Path file = write("otherdb.yaml", MARIADB.replace("- shebao.cbxx", "- yibao.cbxx"));

        assertThatThrownBy(() -> SourceDefinitionLoader.load(file))
                .hasMessageContaining("otherdb.yaml line 11")
                .hasMessageContaining("table yibao.cbxx")
                .hasMessageContaining("captures database 'shebao'");
    }

    @Test
    void mariaDbColumnThatIsNotAPlainIdentifierIsRefused() throws IOException {
        Path file = write("mariacolumn.yaml", MARIADB.replace("columns: [id, sfzh, jfny, jfje]", "columns: [id, \"sfzh|.*\"]"));

        assertThatThrownBy(() -> SourceDefinitionLoader.load(file))
                .hasMessageContaining("mariacolumn.yaml line 12")
                .hasMessageContaining("must be a plain identifier");
    }

    @Test
    void mariaDbSourceWithoutDatabaseNamesTheKindAndTheMissingKey() throws IOException {
        Path file = write("nodb.yaml", MARIADB.replace("database: shebao\n", ""));

        assertThatThrownBy(() -> SourceDefinitionLoader.load(file))
                .hasMessageContaining("missing required key(s) for kind mariadb: database");
    }

    @Test
    void demoConnectorInTheRepositoryLoads() {
        assertThat(SourceDefinitionLoader.loadAll(Path.of("connectors", "demo"))).containsKey("public-security-hukou");
    }

    private Path write(String name, String content) throws IOException {
        return Files.writeString(directory.resolve(name), content);
    }
}
