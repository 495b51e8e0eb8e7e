/*
 * Copyright 2026 The OnceOnly Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.onceonly.schema;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;

/**
 * Avro binary encoding of canonical records. Records are stored with their writer schema's fingerprint
 * and read with schema resolution into the current schema, so history written before an evolution
 * still reads.
 */
public final class RecordCodec {
    private static final GenericData DATA = logicalData();
    /** Readers are few (one per writer and reader schema) and safe to share between threads; building one resolves the two schemas. */
    private static final BoundedCache<SchemaPair, GenericDatumReader<GenericRecord>> READERS = new BoundedCache<>(256);

    /** Two schemas by identity: the catalogue and the registry hand out one instance per schema. */
    private record SchemaPair(Schema writer, Schema reader) {
        @Override
        public boolean equals(Object other) {
            return other instanceof SchemaPair pair && pair.writer == writer && pair.reader == reader;
        }

        @Override
        public int hashCode() {
            return 31 * System.identityHashCode(writer) + System.identityHashCode(reader);
        }
    }

    private RecordCodec() {}

    /** Generic data with the logical-type conversions (date as LocalDate, timestamps as Instant). */
    public static GenericData data() {
        return DATA;
    }

    public static byte[] encode(GenericRecord record) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        // Direct: the buffered encoder allocates a 2 kB buffer per call, most of a snapshot's encoding garbage.
        BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(out, null);
        try {
            new GenericDatumWriter<GenericRecord>(record.getSchema(), DATA).write(record, encoder);
            encoder.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    public static GenericRecord decode(byte[] bytes, Schema writer, Schema reader) {
        try {
            return READERS.get(new SchemaPair(writer, reader), pair -> new GenericDatumReader<>(pair.writer(), pair.reader(), DATA))
                    .read(null, DecoderFactory.get().binaryDecoder(bytes, null));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot decode a " + reader.getName() + " record", e);
        }
    }

    private static GenericData logicalData() {
        GenericData data = new GenericData();
        data.addLogicalTypeConversion(new org.apache.avro.data.TimeConversions.DateConversion());
        data.addLogicalTypeConversion(new org.apache.avro.data.TimeConversions.TimestampMillisConversion());
        data.addLogicalTypeConversion(new org.apache.avro.data.TimeConversions.TimestampMicrosConversion());
        return data;
    }
}
