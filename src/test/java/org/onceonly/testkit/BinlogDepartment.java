/*
 * Copyright 2026 The OnceOnly Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.onceonly.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.util.HashMap;
import java.util.Map;
import org.onceonly.demo.DemoDepartments;
import org.onceonly.demo.SyntheticPopulation;
import org.onceonly.demo.SyntheticResidents;
import org.onceonly.hub.HubConfig;
import org.onceonly.hub.HubSettings;

/**
 * A copy of the household register's {@code residents} table (pinyin columns, as in the demo) in a MariaDB
 * or MySQL database, seeded with synthetic residents, with the connector file that registers it and a route
 * file that maps it to {@code Person}. The capture account is created by the caller, with the grants a DBA
 * would give (see docs/connectors.md).
 */
public final class BinlogDepartment {
    /** How to reach the server as an account that may create and fill the table. */
    public record Server(String jdbcUrl, String user, String password, String host, int port) {
        @Override
        public String toString() {
            return "Server[" + jdbcUrl + ", user=" + user + "]";
        }
    }

    private final Server server;
    private final String table;
    private final String sourceId;
    private final Path connectors;
    private final Path routes;

    private BinlogDepartment(Server server, String table, String sourceId, Path connectors, Path routes) {
        this.server = server;
        this.table = table;
        this.sourceId = sourceId;
        this.connectors = connectors;
        this.routes = routes;
    }

    /**
     * Creates {@code database.table} afresh (dropping an older copy), seeds {@code residents} rows, and
     * writes the connector and route files under {@code directory}.
     *
     * @param capturePassword a secret reference such as {@code ${file:/path}} or {@code ${env:NAME}}
     */
    public static BinlogDepartment create(String kind, Server server, String database, String tableName, String captureUser,
                                          String capturePassword, Path directory, int residents) {
        // Names go into SQL text (identifiers cannot be bind parameters): plain identifiers only.
        for (String name : new String[] {database, tableName, captureUser}) {
            if (!name.matches("[A-Za-z_][A-Za-z0-9_]{0,63}")) {
                throw new IllegalArgumentException("not a plain identifier: " + name);
            }
        }
        String table = database + "." + tableName;
        String sourceId = "public-security-hukou-" + kind;
        BinlogDepartment department = new BinlogDepartment(server, table, sourceId,
                directory.resolve(kind + "-connectors"), directory.resolve(kind + "-routes"));
        department.createTable();
        department.seed(residents);
        department.writeFiles(kind, database, captureUser, capturePassword);
        return department;
    }

    private void createTable() {
        try (Connection connection = connect(); Statement ddl = connection.createStatement()) {
            ddl.execute("DROP TABLE IF EXISTS " + table);
            ddl.execute("CREATE TABLE " + table + " ("
                    + " id   BIGINT PRIMARY KEY,"
                    + " sfzh VARCHAR(18) NOT NULL UNIQUE COMMENT '公民身份号码 GB 11643',"
                    + " xm   VARCHAR(50) NOT NULL,"
                    + " xb   CHAR(1) NOT NULL COMMENT '性别代码 GB/T 2261.1',"
                    + " mz   CHAR(2) COMMENT '民族代码 GB 3304',"
                    + " csrq CHAR(8) NOT NULL COMMENT '出生日期 yyyyMMdd',"
                    + " hjdz VARCHAR(200),"
                    + " gxsj DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6)"
                    + ") ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COMMENT '常住人口登记 (registered residents)'");
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create " + table + ": " + e.getMessage(), e);
        }
    }

    private void seed(int count) {
        try (Connection connection = connect()) {
            connection.setAutoCommit(false);
            try (PreparedStatement insert = connection.prepareStatement(
                    "INSERT INTO " + table + " (id, sfzh, xm, xb, mz, csrq, hjdz, gxsj) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
                for (SyntheticResidents.Resident r : SyntheticPopulation.generate(DemoDepartments.SEED, count).residents()) {
                    insert.setLong(1, r.id());
                    insert.setString(2, r.sfzh());
                    insert.setString(3, r.xm());
                    insert.setString(4, r.xb());
                    insert.setString(5, r.mz());
                    insert.setString(6, r.csrq());
                    insert.setString(7, r.hjdz());
                    insert.setTimestamp(8, Timestamp.valueOf(r.gxsj()));
                    insert.addBatch();
                }
                insert.executeBatch();
            }
            connection.commit();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot seed " + table + ": " + e.getMessage(), e);
        }
    }

    private void writeFiles(String kind, String database, String captureUser, String capturePassword) {
        try {
            Files.createDirectories(connectors);
            Files.writeString(connectors.resolve(sourceId + ".yaml"), """
                    id: %s
                    department: public-security
                    owner: hukou-dba@ps.test
                    kind: %s
                    host: %s
                    port: %d
                    database: %s
                    user: %s
                    password: %s
                    tables:
                      - name: %s
                    """.formatted(sourceId, kind, server.host(), server.port(), database, captureUser, capturePassword, table));
            ResidentRoutes.toPerson(routes, sourceId + "-residents-to-person", sourceId, table);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String sourceId() {
        return sourceId;
    }

    /** {@code database.table}, as the envelope and the route name it. */
    public String table() {
        return table;
    }

    public Path connectors() {
        return connectors;
    }

    public Path routes() {
        return routes;
    }

    /** A hub on the test pool that captures this department through its own route. */
    public HubConfig hubConfig(Path directory) {
        return TestHubs.config(directory, connectors).with(HubSettings.ROUTES, routes);
    }

    public void insertResident(long id, String identityNumber, String name, String gender, String birthDate, String address) {
        execute("INSERT INTO " + table + " (id, sfzh, xm, xb, mz, csrq, hjdz) VALUES (?, ?, ?, ?, ?, ?, ?)",
                id, identityNumber, name, gender, "01", birthDate, address);
    }

    public void moveResident(long id, String address) {
        execute("UPDATE " + table + " SET hjdz = ? WHERE id = ?", address, id);
    }

    public void deleteResident(long id) {
        execute("DELETE FROM " + table + " WHERE id = ?", id);
    }

    /** Drops the table (for a server the test does not own). */
    public void dropTable() {
        execute("DROP TABLE IF EXISTS " + table);
    }

    /** Residents as the department holds them: identity number → registered address. */
    public Map<String, String> addressesByIdentityNumber() {
        Map<String, String> out = new HashMap<>();
        try (Connection connection = connect(); Statement select = connection.createStatement();
             ResultSet rows = select.executeQuery("SELECT sfzh, hjdz FROM " + table)) {
            while (rows.next()) {
                out.put(rows.getString(1), rows.getString(2));
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
        return out;
    }

    public String identityNumberOf(long id) {
        try (Connection connection = connect();
             PreparedStatement select = connection.prepareStatement("SELECT sfzh FROM " + table + " WHERE id = ?")) {
            select.setLong(1, id);
            try (ResultSet row = select.executeQuery()) {
                return row.next() ? row.getString(1) : null;
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    private int execute(String sql, Object... parameters) {
        try (Connection connection = connect(); PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i]);
            }
            return statement.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    private Connection connect() throws SQLException {
        return DriverManager.getConnection(server.jdbcUrl(), server.user(), server.password());
    }
}
