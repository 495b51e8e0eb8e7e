/*
 * Copyright 2026 The OnceOnly Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.onceonly.pool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.onceonly.schema.CanonicalSchema;
import org.onceonly.schema.RecordCodec;
import org.onceonly.schema.SchemaCatalog;
import org.onceonly.testkit.EmptyPool;
import org.onceonly.testkit.TestPool;

/** Schema versions in a real pool database: registration, BACKWARD_TRANSITIVE refusal, reading old records. */
class SchemaRegistryTest {
    private static final String V1 = """
            {"type": "record", "name": "Pet", "subject": "chip", "fields": [
              {"name": "chip", "type": "string"},
              {"name": "name", "type": ["null", "string"], "default": null}]}""";

    @EmptyPool
    static TestPool database;
    static PoolDatabase pool;

    @BeforeAll
    static void start() {
        pool = new PoolDatabase(database.jdbcUrl(), database.user(), database.password());
        new SchemaRegistry(pool.dataSource()).register(catalog(V1));
    }

    @AfterAll
    static void stop() {
        pool.close();
    }

    @Test
    void addingAnOptionalFieldIsAcceptedAndOldRecordsReadWithItsDefault() {
        String v2 = V1.replace("]}", ", {\"name\": \"species\", \"type\": [\"null\", \"string\"], \"default\": null}]}");
        SchemaRegistry registry = new SchemaRegistry(pool.dataSource());
        SchemaCatalog current = catalog(v2);

        registry.register(current);

        CanonicalSchema oldSchema = catalog(V1).require("Pet");
        GenericRecord old = new GenericData.Record(oldSchema.avro());
        old.put("chip", "A1");
        old.put("name", "Rex");
        Schema writer = registry.writerSchema(oldSchema.fingerprint());
        GenericRecord read = RecordCodec.decode(RecordCodec.encode(old), writer, current.require("Pet").avro());
        assertThat(read.get("name").toString()).isEqualTo("Rex");
        assertThat(read.get("species")).isNull();
    }

    @Test
    void addingARequiredFieldIsRefusedNamingEntityAndField() {
        String incompatible = V1.replace("]}", ", {\"name\": \"owner\", \"type\": \"string\"}]}");

        SchemaRegistry.IncompatibleSchemaException error = catchThrowableOfType(SchemaRegistry.IncompatibleSchemaException.class,
                () -> new SchemaRegistry(pool.dataSource()).register(catalog(incompatible)));

        assertThat(error.problems()).anySatisfy(problem -> assertThat(problem)
                .contains("Pet (new) cannot read version 1")
                .contains("READER_FIELD_MISSING_DEFAULT_VALUE")
                .contains("owner"));
    }

    private static SchemaCatalog catalog(String schemaJson) {
        return SchemaCatalog.of(new CanonicalSchema(new Schema.Parser().parse(schemaJson)));
    }
}
