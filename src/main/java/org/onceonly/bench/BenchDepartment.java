/*
 * Copyright 2026 The OnceOnly Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.onceonly.bench;

import java.io.IOException;
import java.io.Reader;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.Properties;
import org.onceonly.demo.HouseholdRegisterDemo;
import org.onceonly.identity.CitizenId;
import org.postgresql.PGConnection;

/**
 * The department side of the benchmark: the household register's {@code hukou.residents} table (the
 * demo's table, captured by the demo's route into {@code Person}), seeded with {@code rows} residents
 * whose identity numbers follow from their ids, and the writes the streaming scenario makes.
 */
final class BenchDepartment {
    static final String TABLE = HouseholdRegisterDemo.TABLE;
    static final String PUBLICATION = "onceonly_bench";
    private static final LocalDate FIRST_BIRTH = LocalDate.of(1950, 1, 1);
    private static final DateTimeFormatter YYYYMMDD = DateTimeFormatter.BASIC_ISO_DATE;

    private final String jdbcUrl;
    private final Properties credentials = new Properties();

    BenchDepartment(String jdbcUrl, String user, String password) {
        this.jdbcUrl = jdbcUrl;
        credentials.setProperty("user", user);
        credentials.setProperty("password", password);
    }

    Connection connect() throws SQLException {
        return DriverManager.getConnection(jdbcUrl, credentials);
    }

    /**
     * The identity number of resident {@code id}: region 110105, a birth date that moves on a day every
     * thousand residents, the sequence {@code id % 1000}, and its GB 11643 check character. Unique per id.
     */
    static String identityNumber(long id) {
        String first17 = "110105" + FIRST_BIRTH.plusDays(id / 1000).format(YYYYMMDD) + String.format("%03d", id % 1000);
        return first17 + CitizenId.checkCharacter(first17);
    }

    /**
     * (Re)creates the table with {@code rows} residents (ids 1..rows), full row images and the publication
     * both the hub and the plain engine read. COPY streams the rows, so a million take seconds and little memory.
     */
    void create(long rows) {
        try (Connection connection = connect()) {
            connection.setAutoCommit(false);
            try (Statement ddl = connection.createStatement()) {
                ddl.execute("DROP PUBLICATION IF EXISTS " + PUBLICATION);
                ddl.execute("DROP TABLE IF EXISTS " + TABLE);
                ddl.execute("CREATE SCHEMA IF NOT EXISTS hukou");
                ddl.execute(HouseholdRegisterDemo.RESIDENTS_DDL);
                ddl.execute("ALTER TABLE " + TABLE + " REPLICA IDENTITY FULL");
            }
            connection.unwrap(PGConnection.class).getCopyAPI()
                    .copyIn("COPY " + TABLE + " (id, sfzh, xm, xb, mz, csrq, hjdz) FROM STDIN", new ResidentRows(rows));
            try (Statement ddl = connection.createStatement()) {
                ddl.execute("CREATE PUBLICATION " + PUBLICATION + " FOR TABLE " + TABLE);
            }
            connection.commit();
            try (Statement analyze = connection.createStatement()) {
                connection.setAutoCommit(true);
                analyze.execute("VACUUM ANALYZE " + TABLE);
            }
        } catch (SQLException | IOException e) {
            throw new IllegalStateException("cannot seed the benchmark's department table: " + e.getMessage(), e);
        }
    }

    /** Updates the addresses of residents {@code first..last} in one transaction: one change event per row. */
    void moveRange(Connection connection, String tag, long first, long last) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement(
                "UPDATE " + TABLE + " SET hjdz = ? || id, gxsj = now() WHERE id BETWEEN ? AND ?")) {
            update.setString(1, tag);
            update.setLong(2, first);
            update.setLong(3, last);
            update.executeUpdate();
        }
    }

    /** Drops a replication slot the benchmark created, if it is there and idle. */
    void dropSlot(String slot) {
        try (Connection connection = connect();
             PreparedStatement drop = connection.prepareStatement(
                     "SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots WHERE slot_name = ? AND NOT active")) {
            drop.setString(1, slot);
            drop.executeQuery().close();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot drop replication slot " + slot + ": " + e.getMessage(), e);
        }
    }

    /** COPY text rows, generated as they are read. */
    private static final class ResidentRows extends Reader {
        private final long rows;
        private long next = 1;
        private String pending = "";
        private int offset;

        ResidentRows(long rows) {
            this.rows = rows;
        }

        @Override
        public int read(char[] buffer, int start, int length) {
            if (offset == pending.length()) {
                if (next > rows) {
                    return -1;
                }
                StringBuilder chunk = new StringBuilder(8192);
                for (int i = 0; i < 64 && next <= rows; i++, next++) {
                    String id = identityNumber(next);
                    chunk.append(next).append('\t').append(id).append("\t测试").append(next % 997)
                            .append('\t').append(next % 2 == 1 ? '1' : '2').append("\t01\t").append(id, 6, 14)
                            .append("\t北京市西城区测试街").append(next % 500).append('号').append('\n');
                }
                pending = chunk.toString();
                offset = 0;
            }
            int count = Math.min(length, pending.length() - offset);
            pending.getChars(offset, offset + count, buffer, start);
            offset += count;
            return count;
        }

        @Override
        public void close() {
            // nothing to release
        }
    }
}
