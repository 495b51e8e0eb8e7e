/*
 * Copyright 2026 The OnceOnly Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.onceonly.pool;

import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Instant;
import org.postgresql.copy.CopyIn;

/**
 * Rows in PostgreSQL's binary {@code COPY} format (the protocol's "binary format" chapter): a header, then
 * per row a field count and each field as a length and its bytes ({@code -1} for null), then a trailer.
 * Values go as the server stores them — a record's bytes as they are, a time as microseconds — so neither
 * side turns them into text and back.
 *
 * <p>The rows go to the {@code COPY} a buffer ({@value #BUFFER} bytes) at a time as they are made: a batch's
 * rows are never held whole — megabytes in one array, which G1 allocates as a humongous object straight into
 * the old generation, two per batch — and the server reads the first rows while the rest are still encoded.
 * Every method that adds to the rows may therefore send, and fail as the {@code COPY} fails.
 */
final class BinaryCopyRows {
    private static final int BUFFER = 64 * 1024;
    private static final byte[] SIGNATURE = {'P', 'G', 'C', 'O', 'P', 'Y', '\n', (byte) 0xff, '\r', '\n', 0};
    /** The {@code text} type's OID, as an array's element type. */
    private static final int TEXT_OID = 25;
    /** 2000-01-01T00:00:00Z, PostgreSQL's epoch, in seconds since 1970's. */
    private static final long POSTGRES_EPOCH_SECONDS = 946_684_800L;
    /** The server's SQLSTATE for a time beyond what {@code timestamptz} holds. */
    private static final String DATETIME_FIELD_OVERFLOW = "22008";

    private final CopyIn copy;
    private final byte[] bytes = new byte[BUFFER];
    private int length;

    /** Rows for {@code copy}, a {@code COPY ... FROM STDIN (FORMAT binary)} just started. */
    BinaryCopyRows(CopyIn copy) throws SQLException {
        this.copy = copy;
        put(SIGNATURE, 0, SIGNATURE.length);
        int4(0); // flags: no OIDs
        int4(0); // no header extension
    }

    /** Starts a row of {@code fields} fields. */
    BinaryCopyRows row(int fields) throws SQLException {
        int2(fields);
        return this;
    }

    BinaryCopyRows text(String value) throws SQLException {
        return value == null ? nullField() : field(value.getBytes(StandardCharsets.UTF_8));
    }

    BinaryCopyRows int8(Long value) throws SQLException {
        if (value == null) {
            return nullField();
        }
        int4(8);
        putInt64(value.longValue());
        return this;
    }

    BinaryCopyRows timestamptz(Instant value) throws SQLException {
        if (value == null) {
            return nullField();
        }
        int4(8);
        Instant micros = toMicros(value);
        long seconds = micros.getEpochSecond() - POSTGRES_EPOCH_SECONDS;
        long sinceEpoch;
        try {
            sinceEpoch = Math.addExact(Math.multiplyExact(seconds, 1_000_000L), micros.getNano() / 1_000);
        } catch (ArithmeticException beyond) {
            // Refused as the server refuses a time it cannot store (so the batch is bisected, not retried for ever).
            throw new SQLException("timestamp out of range: " + value, DATETIME_FIELD_OVERFLOW);
        }
        putInt64(sinceEpoch);
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

    BinaryCopyRows bytea(byte[] value) throws SQLException {
        return value == null ? nullField() : field(value);
    }

    /** A one-dimensional {@code text[]}, without null elements (an empty array for none). */
    BinaryCopyRows textArray(String[] values) throws SQLException {
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

    /** Sends the trailer and what is left of the rows, and ends the {@code COPY}; returns the rows the server took. */
    long end() throws SQLException {
        int2(-1);
        send();
        return copy.endCopy();
    }

    /**
     * After a failure while the rows were being made or sent: cancels the {@code COPY} if it is still going, which
     * leaves the connection usable for the rollback. The server's own "cancelled" is no news and is added to
     * {@code failure}.
     */
    void abandon(Exception failure) {
        if (copy.isActive()) {
            try {
                copy.cancelCopy();
            } catch (SQLException cancelled) {
                failure.addSuppressed(cancelled);
            }
        }
    }

    private BinaryCopyRows field(byte[] value) throws SQLException {
        int4(value.length);
        put(value, 0, value.length);
        return this;
    }

    private BinaryCopyRows nullField() throws SQLException {
        int4(-1);
        return this;
    }

    private void int2(int value) throws SQLException {
        room(2);
        bytes[length++] = (byte) (value >>> 8);
        bytes[length++] = (byte) value;
    }

    private void int4(int value) throws SQLException {
        room(4);
        bytes[length++] = (byte) (value >>> 24);
        bytes[length++] = (byte) (value >>> 16);
        bytes[length++] = (byte) (value >>> 8);
        bytes[length++] = (byte) value;
    }

    private void putInt64(long value) throws SQLException {
        int4((int) (value >>> 32));
        int4((int) value);
    }

    private void put(byte[] source, int offset, int count) throws SQLException {
        if (count > BUFFER) {
            send();
            copy.writeToCopy(source, offset, count);
            return;
        }
        room(count);
        System.arraycopy(source, offset, bytes, length, count);
        length += count;
    }

    private void room(int more) throws SQLException {
        if (length + more > BUFFER) {
            send();
        }
    }

    private void send() throws SQLException {
        if (length > 0) {
            copy.writeToCopy(bytes, 0, length);
            length = 0;
        }
    }
}
