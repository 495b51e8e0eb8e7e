package org.onceonly.pool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.onceonly.hub.EmbeddedPostgresServer;
import org.onceonly.schema.CanonicalBatch;
import org.onceonly.schema.CanonicalChange;
import org.onceonly.schema.CanonicalRecordMapper;
import org.onceonly.schema.CanonicalSchema;
import org.onceonly.schema.Operation;
import org.onceonly.schema.Origin;
import org.onceonly.schema.RecordCodec;
import org.onceonly.schema.SchemaCatalog;

/** A canonical schema evolving under a pool that already holds records and history written with the old one. */
class SchemaEvolutionTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String V1 = """
            {"type": "record", "name": "Licence", "subject": "number", "authority": ["transport"], "fields": [
              {"name": "number", "type": "string"},
              {"name": "holder", "type": ["null", "string"], "default": null}]}""";
    // v2 renames holder -> holderName (alias keeps old data readable) and adds an optional field.
    private static final String V2 = """
            {"type": "record", "name": "Licence", "subject": "number", "authority": ["transport"], "fields": [
              {"name": "number", "type": "string"},
              {"name": "holderName", "aliases": ["holder"], "type": ["null", "string"], "default": null},
              {"name": "vehicleClass", "type": ["null", "string"], "default": null}]}""";

    @TempDir
    Path directory;
    EmbeddedPostgresServer server;
    PoolDatabase pool;

    @BeforeEach
    void start() {
        server = EmbeddedPostgresServer.start(directory, 0);
        pool = new PoolDatabase(server.jdbcUrl("postgres"), EmbeddedPostgresServer.SUPERUSER, "embedded");
        pool.migrate();
    }

    @AfterEach
    void stop() {
        pool.close();
        server.close();
    }

    @Test
    void recordsWrittenBeforeAnAliasRenameAndAnAddedFieldStillReadAndMerge() throws Exception {
        SchemaCatalog v1 = catalog(V1);
        write(v1, "{\"number\": \"L-1\", \"holder\": \"张三\"}", "pos:01", "transport");

        SchemaCatalog v2 = catalog(V2);
        SchemaRegistry registry = new SchemaRegistry(pool.dataSource());
        registry.register(v2);
        new PoolWriter(pool.dataSource(), registry, v2).accept(batch(v2,
                "{\"number\": \"L-1\", \"vehicleClass\": \"C1\"}", "pos:02", "police"));

        List<GenericRecord> history = readHistory(registry, v2.require("Licence").avro());
        assertThat(history).hasSize(2);
        assertThat(history.get(0).get("holderName")).hasToString("张三");
        assertThat(history.get(0).get("vehicleClass")).isNull();
        String golden = queryText("SELECT fields::text FROM golden_record WHERE entity = 'Licence' AND subject_key = 'L-1'");
        assertThat(JSON.readTree(golden).get("holderName").get("value").asText()).isEqualTo("张三");
        assertThat(JSON.readTree(golden).get("vehicleClass").get("value").asText()).isEqualTo("C1");
        assertThat(queryText("SELECT string_agg(version::text, ',' ORDER BY version) FROM schema_version")).isEqualTo("1,2");
    }

    @Test
    void changingAFieldsTypeIsRefusedNamingTheField() {
        write(catalog(V1), "{\"number\": \"L-2\", \"holder\": \"李四\"}", "pos:01", "transport");
        String retyped = V1.replace("{\"name\": \"holder\", \"type\": [\"null\", \"string\"], \"default\": null}",
                "{\"name\": \"holder\", \"type\": [\"null\", \"int\"], \"default\": null}");

        SchemaRegistry.IncompatibleSchemaException error = catchThrowableOfType(SchemaRegistry.IncompatibleSchemaException.class,
                () -> new SchemaRegistry(pool.dataSource()).register(catalog(retyped)));

        assertThat(error.getMessage()).contains("Licence (new) cannot read version 1: field holder: MISSING_UNION_BRANCH");
    }

    @Test
    void aSchemaWithCompatibilityNoneMayChangeFreely() {
        write(catalog(V1), "{\"number\": \"L-3\"}", "pos:01", "transport");
        String unconstrained = V1.replace("\"subject\": \"number\",", "\"subject\": \"number\", \"compatibility\": \"NONE\",")
                .replace("{\"name\": \"holder\", \"type\": [\"null\", \"string\"], \"default\": null}", "{\"name\": \"holder\", \"type\": \"int\"}");

        new SchemaRegistry(pool.dataSource()).register(catalog(unconstrained));

        assertThat(queryText("SELECT count(*)::text FROM schema_version")).isEqualTo("2");
    }

    private void write(SchemaCatalog catalog, String json, String position, String department) {
        SchemaRegistry registry = new SchemaRegistry(pool.dataSource());
        registry.register(catalog);
        new PoolWriter(pool.dataSource(), registry, catalog).accept(batch(catalog, json, position, department));
    }

    private static CanonicalBatch batch(SchemaCatalog catalog, String json, String position, String department) {
        CanonicalSchema schema = catalog.require("Licence");
        try {
            GenericRecord record = CanonicalRecordMapper.toRecord(schema, JSON.readTree(json));
            CanonicalBatch batch = new CanonicalBatch();
            batch.add(new CanonicalChange(schema, Operation.CREATE, record,
                    new Origin(department + "-db", department, "t.licences", "{\"id\":1}", position, Instant.now(), false)));
            return batch;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private List<GenericRecord> readHistory(SchemaRegistry registry, Schema reader) throws Exception {
        List<GenericRecord> records = new ArrayList<>();
        try (Connection connection = pool.dataSource().getConnection();
             ResultSet rows = connection.createStatement().executeQuery("SELECT fingerprint, record FROM history ORDER BY id")) {
            while (rows.next()) {
                records.add(RecordCodec.decode(rows.getBytes(2), registry.writerSchema(rows.getLong(1)), reader));
            }
        }
        return records;
    }

    private String queryText(String sql) {
        try (Connection connection = pool.dataSource().getConnection(); ResultSet row = connection.createStatement().executeQuery(sql)) {
            row.next();
            return row.getString(1);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static SchemaCatalog catalog(String json) {
        return SchemaCatalog.of(new CanonicalSchema(new Schema.Parser().parse(json)));
    }
}
