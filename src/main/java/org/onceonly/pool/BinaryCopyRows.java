/*
 * Copyright 2026 The OnceOnly Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.onceonly.pool;

import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Arrays;
import org.postgresql.copy.CopyIn;

/**
 * Rows in PostgreSQL's binary {@code COPY} format (the protocol's "binary format" chapter): a header, then
 * per row a field count and each field as a length and its bytes ({@code -1} for null), then a trailer.
 * Values go as the server stores them — a record's bytes as they are, a time as microseconds — so neither
 * side turns them into text and back.
 */
final class BinaryCopyRows {
    private static final byte[] SIGNATURE = {'P', 'G', 'C', 'O', 'P', 'Y', '\n', (byte) 0xff, '\r', '\n', 0};
    /** The {@code text} type's OID, as an array's element type. */
    private static final int TEXT_OID = 25;
    /** 2000-01-01T00:00:00Z, PostgreSQL's epoch, in seconds since 1970's. */
    private static final long POSTGRES_EPOCH_SECONDS = 946_684_800L;

    private byte[] bytes = new byte[64 * 1024];
    private int length;

    BinaryCopyRows() {
        put(SIGNATURE, 0, SIGNATURE.length);
        int4(0); // flags: no OIDs
        int4(0); // no header extension
    }

    /** Starts a row of {@code fields} fields. */
    BinaryCopyRows row(int fields) {
        int2(fields);
        return this;
    }

    BinaryCopyRows text(String value) {
        return value == null ? nullField() : field(value.getBytes(StandardCharsets.UTF_8));
    }

    BinaryCopyRows int8(Long value) {
        if (value == null) {
            return nullField();
        }
        int4(8);
        putInt64(value.longValue());
        return this;
    }

    BinaryCopyRows timestamptz(Instant value) {
        if (value == null) {
            return nullField();
        }
        int4(8);
        Instant micros = toMicros(value);
        long seconds = micros.getEpochSecond() - POSTGRES_EPOCH_SECONDS;
        putInt64(Math.addExact(Math.multiplyExact(seconds, 1_000_000L), micros.getNano() / 1_000));
        return this;
    }

    /**
     * A time to the microsecond, as the pool stores it (half to even). Every path that writes a source's time
     * rounds with this, so that a time with nanoseconds is stored alike whichever path wrote it (the server's
     * own rounding of a time given as text goes through a double and differs in some half cases).
     */
    static Instant toMicros(Instant value) {
        int nanos = value.getNano();
        int micros = nanos / 1_000;
        int rest = nanos % 1_000;
        if (rest > 500 || (rest == 500 && (micros & 1) == 1)) {
            micros++;
        }
        return value.truncatedTo(java.time.temporal.ChronoUnit.SECONDS).plusNanos(micros * 1_000L);
    }

    BinaryCopyRows bytea(byte[] value) {
        return value == null ? nullField() : field(value);
    }

    /** A one-dimensional {@code text[]}, without null elements (an empty array for none). */
    BinaryCopyRows textArray(String[] values) {
        byte[][] elements = new byte[values.length][];
        int size = 12 + (values.length == 0 ? 0 : 8);
        for (int i = 0; i < values.length; i++) {
            elements[i] = values[i].getBytes(StandardCharsets.UTF_8);
            size += 4 + elements[i].length;
        }
        int4(size);
        int4(values.length == 0 ? 0 : 1); // dimensions
        int4(0); // no nulls
        int4(TEXT_OID);
        if (values.length > 0) {
            int4(values.length);
            int4(1); // lower bound
            for (byte[] element : elements) {
                int4(element.length);
                put(element, 0, element.length);
            }
        }
        return this;
    }

    /** Sends the rows and the trailer to a {@code COPY ... FROM STDIN (FORMAT binary)} and ends it. */
    long sendTo(CopyIn copy) throws SQLException {
        int2(-1);
        try {
            copy.writeToCopy(bytes, 0, length);
            return copy.endCopy();
        } catch (SQLException e) {
            if (copy.isActive()) {
                try {
                    copy.cancelCopy(); // leaves the connection usable for the rollback; its own "cancelled" is no news
                } catch (SQLException cancelled) {
                    e.addSuppressed(cancelled);
                }
            }
            throw e;
        }
    }

    private BinaryCopyRows field(byte[] value) {
        int4(value.length);
        put(value, 0, value.length);
        return this;
    }

    private BinaryCopyRows nullField() {
        int4(-1);
        return this;
    }

    private void int2(int value) {
        room(2);
        bytes[length++] = (byte) (value >>> 8);
        bytes[length++] = (byte) value;
    }

    private void int4(int value) {
        room(4);
        bytes[length++] = (byte) (value >>> 24);
        bytes[length++] = (byte) (value >>> 16);
        bytes[length++] = (byte) (value >>> 8);
        bytes[length++] = (byte) value;
    }

    private void putInt64(long value) {
        int4((int) (value >>> 32));
        int4((int) value);
    }

    private void put(byte[] source, int offset, int count) {
        room(count);
        System.arraycopy(source, offset, bytes, length, count);
        length += count;
    }

    private void room(int more) {
        if (length + more > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, length + more));
        }
    }
}
