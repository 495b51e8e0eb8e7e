package org.onceonly.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import javax.sql.DataSource;

/**
 * The demo's public-security household register (户籍): database {@code hukou}, table
 * {@code hukou.residents}, set up the way a DBA would for OnceOnly: a capture role with REPLICATION and
 * SELECT only, a publication limited to the shared table, and full row images for updates and deletes.
 */
public final class HouseholdRegisterDemo {
    public static final String DATABASE = "hukou";
    public static final String TABLE = "hukou.residents";
    public static final String CAPTURE_ROLE = "onceonly_cdc";
    public static final String PUBLICATION = "onceonly_public_security_hukou";
    public static final long SEED = 20261126L;

    private final DataSource database;
    private final SyntheticResidents changes = new SyntheticResidents(System.nanoTime());
    private final Random pick = new Random();

    private HouseholdRegisterDemo(DataSource database) {
        this.database = database;
    }

    /**
     * Creates the database, table, role and publication where missing, and seeds {@code residents} once
     * (deterministically). The capture role's password is generated once and kept in {@code secretFile}.
     */
    public static HouseholdRegisterDemo prepare(EmbeddedPostgresServer server, int residents, Path secretFile) {
        Hub.ensureDatabase(server, DATABASE);
        HouseholdRegisterDemo demo = new HouseholdRegisterDemo(server.dataSource(DATABASE));
        String password = captureSecret(secretFile);
        try (Connection connection = demo.database.getConnection(); Statement ddl = connection.createStatement()) {
            ddl.execute("CREATE SCHEMA IF NOT EXISTS hukou");
            ddl.execute("""
                    CREATE TABLE IF NOT EXISTS hukou.residents (
                        id   bigint PRIMARY KEY,
                        sfzh varchar(18) NOT NULL UNIQUE,
                        xm   varchar(50) NOT NULL,
                        xb   char(1) NOT NULL,
                        mz   char(2),
                        csrq char(8) NOT NULL,
                        hjdz varchar(200),
                        gxsj timestamp NOT NULL DEFAULT now())""");
            ddl.execute("COMMENT ON TABLE hukou.residents IS '常住人口登记 (registered residents)'");
            ddl.execute("COMMENT ON COLUMN hukou.residents.sfzh IS '公民身份号码 GB 11643'");
            ddl.execute("COMMENT ON COLUMN hukou.residents.xb IS '性别代码 GB/T 2261.1'");
            ddl.execute("COMMENT ON COLUMN hukou.residents.mz IS '民族代码 GB 3304'");
            ddl.execute("COMMENT ON COLUMN hukou.residents.csrq IS '出生日期 yyyyMMdd'");
            ddl.execute("ALTER TABLE hukou.residents REPLICA IDENTITY FULL");
            // Role DDL cannot take bind parameters; the password is our own hex string.
            ddl.execute("DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '" + CAPTURE_ROLE + "') THEN "
                    + "CREATE ROLE " + CAPTURE_ROLE + " WITH LOGIN REPLICATION; END IF; END $$");
            ddl.execute("ALTER ROLE " + CAPTURE_ROLE + " WITH PASSWORD '" + password + "'");
            ddl.execute("GRANT USAGE ON SCHEMA hukou TO " + CAPTURE_ROLE);
            ddl.execute("GRANT SELECT ON hukou.residents TO " + CAPTURE_ROLE);
            ddl.execute("DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_publication WHERE pubname = '" + PUBLICATION + "') THEN "
                    + "CREATE PUBLICATION " + PUBLICATION + " FOR TABLE hukou.residents; END IF; END $$");
        } catch (SQLException e) {
            throw new IllegalStateException("cannot set up the household register: " + e.getMessage(), e);
        }
        demo.seedOnce(residents);
        return demo;
    }

    public DataSource database() {
        return database;
    }

    private void seedOnce(int count) {
        try (Connection connection = database.getConnection()) {
            try (ResultSet existing = connection.createStatement().executeQuery("SELECT count(*) FROM hukou.residents")) {
                existing.next();
                if (existing.getLong(1) > 0) {
                    return;
                }
            }
            connection.setAutoCommit(false);
            try (PreparedStatement insert = connection.prepareStatement(
                    "INSERT INTO hukou.residents (id, sfzh, xm, xb, mz, csrq, hjdz, gxsj) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
                for (SyntheticResidents.Resident r : new SyntheticResidents(SEED).generate(count)) {
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
            throw new IllegalStateException("cannot seed the household register: " + e.getMessage(), e);
        }
    }

    /** Identity numbers of the first residents, for the walkthrough's curl lines. */
    public List<String> sampleIdentityNumbers(int count) {
        try (Connection connection = database.getConnection();
             PreparedStatement select = connection.prepareStatement("SELECT sfzh FROM hukou.residents ORDER BY id LIMIT ?")) {
            select.setInt(1, count);
            try (ResultSet rows = select.executeQuery()) {
                List<String> out = new java.util.ArrayList<>();
                while (rows.next()) {
                    out.add(rows.getString(1));
                }
                return out;
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    /**
     * Residents move: gives {@code count} residents a new registered address, always including one of
     * the sample residents so the walkthrough's curl lines show values and {@code asOf} change.
     */
    public int moveSomeResidents(int count, int sampleCount) {
        try (Connection connection = database.getConnection();
             PreparedStatement select = connection.prepareStatement("SELECT id, hjdz FROM hukou.residents WHERE id = ?");
             PreparedStatement update = connection.prepareStatement("UPDATE hukou.residents SET hjdz = ?, gxsj = now() WHERE id = ?")) {
            long max;
            try (ResultSet rows = connection.createStatement().executeQuery("SELECT coalesce(max(id), 0) FROM hukou.residents")) {
                rows.next();
                max = rows.getLong(1);
            }
            int moved = 0;
            for (int i = 0; i < count && max > 0; i++) {
                long id = i == 0 ? 1 + pick.nextInt(Math.max(1, sampleCount)) : 1 + (long) (pick.nextDouble() * max);
                select.setLong(1, id);
                try (ResultSet row = select.executeQuery()) {
                    if (!row.next()) {
                        continue;
                    }
                    update.setString(1, changes.newAddress(row.getString(2) == null ? "" : row.getString(2)));
                    update.setLong(2, id);
                    moved += update.executeUpdate();
                }
            }
            return moved;
        } catch (SQLException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    private static String captureSecret(Path file) {
        try {
            if (Files.exists(file)) {
                return Files.readString(file).strip();
            }
            Files.createDirectories(file.getParent());
            byte[] bytes = new byte[16];
            new SecureRandom().nextBytes(bytes);
            String secret = HexFormat.of().formatHex(bytes);
            Files.writeString(file, secret + "\n");
            try {
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException e) {
                // not a POSIX file system: the file keeps the default permissions
            }
            return secret;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot keep the capture secret in " + file, e);
        }
    }
}
