/*
 * Copyright 2026 The OnceOnly Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.onceonly.source.debezium;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.Test;
import org.onceonly.source.SourceKind;

/** PostgreSQL change events, shaped as the connector emits them, turned into envelopes. */
class ConnectChangeEventsTest {
    private static final Schema ROW = SchemaBuilder.struct().name("hukou.residents.Value")
            .field("id", Schema.INT64_SCHEMA).field("hjdz", Schema.OPTIONAL_STRING_SCHEMA).optional().build();
    private static final Schema KEY = SchemaBuilder.struct().name("hukou.residents.Key").field("id", Schema.INT64_SCHEMA).build();
    private static final Schema SOURCE = SchemaBuilder.struct().name("io.debezium.connector.postgresql.Source")
            .field("ts_ms", Schema.INT64_SCHEMA).field("snapshot", Schema.OPTIONAL_STRING_SCHEMA)
            .field("schema", Schema.STRING_SCHEMA).field("table", Schema.STRING_SCHEMA)
            .field("lsn", Schema.OPTIONAL_INT64_SCHEMA).build();
    private static final Schema ENVELOPE = SchemaBuilder.struct().name("hukou.residents.Envelope")
            .field("before", ROW).field("after", ROW).field("source", SOURCE).field("op", Schema.STRING_SCHEMA).build();

    private final ConnectChangeEvents events = new ConnectChangeEvents("hukou", "public-security", SourceKind.POSTGRES);

    @Test
    void snapshotEndIsTheLastSnapshotRecordNotTheStreamedChangesAfterItInTheSameBatch() {
        ConnectChangeEvents.Converted converted = events.convert(List.of(
                event(1, "r", "true", 0x100), event(2, "r", "last", 0x100), event(1, "u", "false", 0x2a0)));

        assertThat(converted.envelopes()).hasSize(3);
        assertThat(converted.snapshotEnd()).isSameAs(converted.envelopes().get(1));
        assertThat(converted.snapshotEnd().source().position()).isEqualTo("pg:0000000000000100")
                .isLessThan(converted.envelopes().get(2).source().position());
    }

    @Test
    void batchWithoutTheSnapshotsLastRecordEndsNoSnapshot() {
        assertThat(events.convert(List.of(event(1, "r", "true", 0x100), event(1, "u", "false", 0x2a0))).snapshotEnd()).isNull();
    }

    private static SourceRecord event(long id, String op, String snapshot, long lsn) {
        Struct row = new Struct(ROW).put("id", id).put("hjdz", "路" + id);
        Struct source = new Struct(SOURCE).put("ts_ms", 1_700_000_000_000L).put("snapshot", snapshot)
                .put("schema", "hukou").put("table", "residents").put("lsn", lsn);
        Struct value = new Struct(ENVELOPE).put("after", row).put("source", source).put("op", op);
        if ("u".equals(op)) {
            value.put("before", new Struct(ROW).put("id", id));
        }
        return new SourceRecord(null, null, "hukou.hukou.residents", null, KEY, new Struct(KEY).put("id", id), ENVELOPE, value);
    }
}
