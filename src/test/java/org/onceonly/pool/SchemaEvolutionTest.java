/*
 * Copyright 2026 The OnceOnly Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.onceonly.pool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.onceonly.schema.CanonicalBatch;
import org.onceonly.schema.CanonicalChange;
import org.onceonly.schema.CanonicalRecordMapper;
import org.onceonly.schema.CanonicalSchema;
import org.onceonly.schema.Operation;
import org.onceonly.schema.Origin;
import org.onceonly.schema.RecordCodec;
import org.onceonly.schema.SchemaCatalog;
import org.onceonly.testkit.EmptyPool;
import org.onceonly.testkit.TestPool;

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

    @EmptyPool
    TestPool database;
    PoolDatabase pool;

    @BeforeEach
    void start() {
        pool = new PoolDatabase(database.jdbcUrl(), database.user(), database.password());
    }

    @AfterEach
    void stop() {
        pool.close();
    }

    @Test
    void recordsWrittenBeforeAnAliasRenameAndAnAddedFieldStillReadAndMerge() throws Exception {
        SchemaCatalog v1 = catalog(V1);
        write(v1, "{\"number\": \"L-1\", \"holder\": \"张三\"}", "pos:01", "transport");

        SchemaCatalog v2 = catalog(V2);
        SchemaRegistry registry = new SchemaRegistry(pool.dataSource());
        registry.register(v2);
        new PoolWriter(pool.dataSource(), registry).accept(batch(v2,
                "{\"number\": \"L-1\", \"vehicleClass\": \"C1\"}", "pos:02", "police"));

        Schema reader = v2.require("Licence").avro();
        List<GenericRecord> history = database.view().history(null).stream()
                .map(version -> RecordCodec.decode(version.record(), registry.writerSchema(version.fingerprint()), reader)).toList();
        assertThat(history).hasSize(2);
        assertThat(history.get(0).get("holderName")).hasToString("张三");
        assertThat(history.get(0).get("vehicleClass")).isNull();
        JsonNode golden = database.view().golden("Licence", "L-1").orElseThrow();
        assertThat(golden.get("holderName").get("value").asText()).isEqualTo("张三");
        assertThat(golden.get("vehicleClass").get("value").asText()).isEqualTo("C1");
        assertThat(registeredVersions()).containsExactly("Licence 1", "Licence 2");
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

        assertThat(registeredVersions()).hasSize(2);
    }

    private void write(SchemaCatalog catalog, String json, String position, String department) {
        SchemaRegistry registry = new SchemaRegistry(pool.dataSource());
        registry.register(catalog);
        new PoolWriter(pool.dataSource(), registry).accept(batch(catalog, json, position, department));
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

    /** Every version the pool registered, as "Entity n". */
    private List<String> registeredVersions() {
        List<String> versions = new ArrayList<>();
        SchemaRegistry.versions(pool.dataSource()).forEach((entity, list) ->
                list.forEach(version -> versions.add(entity + " " + version.label().replace("pool version ", ""))));
        return versions;
    }

    private static SchemaCatalog catalog(String json) {
        return SchemaCatalog.of(new CanonicalSchema(new Schema.Parser().parse(json)));
    }
}
