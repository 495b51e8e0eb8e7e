/*
 * Copyright 2026 The OnceOnly Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.onceonly.source.debezium;

import java.util.Objects;

/**
 * Where a change sits in a MariaDB or MySQL binary log, as {@code source.position} text that sorts
 * byte-wise in the order the server wrote the changes:
 * {@code bin:<file sequence, 10 digits>:<byte offset of the event, 19 digits>:<row in the event, 10 digits>},
 * e.g. {@code bin:0000000003:0000000000000004711:0000000002} for the third row of the event at byte 4711
 * of {@code mysql-bin.000003}.
 *
 * <p>A snapshot read carries the binlog position at which the snapshot was taken and no row part, e.g.
 * {@code bin:0000000003:0000000000000004711}. Being a prefix, it sorts before every change streamed from
 * that point on, and a snapshot taken later (after a crash mid-snapshot) sorts after the earlier one.
 *
 * <p>The server numbers its binlog files upwards and never reuses a number, except after
 * {@code RESET MASTER} or a changed {@code log_bin} base name: then positions start again from the bottom.
 */
record BinlogPosition(long fileSequence, long offset, int row, boolean snapshot) {
    static final String PREFIX = "bin:";

    BinlogPosition {
        if (fileSequence < 0 || offset < 0 || row < 0) {
            throw new IllegalArgumentException("binlog position parts cannot be negative: " + fileSequence + "/" + offset + "/" + row);
        }
    }

    /** From Debezium's source fields: {@code file} (e.g. {@code mysql-bin.000003}), {@code pos} and {@code row}. */
    static BinlogPosition of(String file, Long pos, Integer row, boolean snapshot) {
        return new BinlogPosition(fileSequence(file), pos == null ? 0 : pos, row == null ? 0 : row, snapshot);
    }

    /** The number after the last dot of a binlog file name: {@code mysql-bin.000003} is 3. */
    static long fileSequence(String file) {
        Objects.requireNonNull(file, "binlog file");
        String digits = file.substring(file.lastIndexOf('.') + 1);
        if (digits.isEmpty() || digits.length() > 10 || !digits.chars().allMatch(Character::isDigit)) {
            throw new IllegalArgumentException("binlog file '" + file + "' does not end in a sequence number such as .000003");
        }
        return Long.parseLong(digits);
    }

    String encoded() {
        String point = String.format("%s%010d:%019d", PREFIX, fileSequence, offset);
        return snapshot ? point : point + String.format(":%010d", row);
    }

    @Override
    public String toString() {
        return encoded();
    }
}
