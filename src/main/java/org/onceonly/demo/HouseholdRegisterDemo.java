/*
 * Copyright 2026 The OnceOnly Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.onceonly.demo;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import javax.sql.DataSource;
import org.onceonly.demo.DepartmentDatabase.Column;
import org.onceonly.demo.SyntheticPopulation.Household;
import org.onceonly.demo.SyntheticPopulation.Member;
import org.onceonly.demo.SyntheticResidents.Resident;
import org.onceonly.hub.EmbeddedPostgresServer;

/**
 * The demo's public-security household register (户籍), database {@code hukou}: residents
 * ({@code hukou.residents}), households ({@code hukou.hu}) and household members ({@code hukou.hu_cy}).
 *
 * <p>Members are kept in {@code hukou.hu_cy}, one row per person, as the register keeps them. For the
 * exchange, the department also keeps each household's members on the household row, as the JSON array
 * {@code hukou.hu.cyxx} ({@code [{"sfzh", "xm", "yhzgx"}]}), maintained by statement-level triggers on
 * {@code hu_cy}: any change of a member rewrites its household's {@code cyxx} in the same transaction.
 * Only {@code residents} and {@code hu} are shared: a household arrives whole, members included.
 */
public final class HouseholdRegisterDemo {
    public static final String DATABASE = "hukou";
    public static final String SOURCE_ID = "public-security-hukou";
    public static final String TABLE = "hukou.residents";
    public static final String HOUSEHOLDS = "hukou.hu";
    public static final String MEMBERS = "hukou.hu_cy";
    public static final String CAPTURE_ROLE = DepartmentDatabase.CAPTURE_ROLE;
    public static final String PUBLICATION = "onceonly_public_security_hukou";

    /** The residents table as the register keeps it (the benchmark captures the same table). */
    public static final String RESIDENTS_DDL = """
            CREATE TABLE IF NOT EXISTS hukou.residents (
                id   bigint PRIMARY KEY,
                sfzh varchar(18) NOT NULL UNIQUE,
                xm   varchar(50) NOT NULL,
                xb   char(1) NOT NULL,
                mz   char(2),
                csrq char(8) NOT NULL,
                hjdz varchar(200),
                gxsj timestamp NOT NULL DEFAULT now())""";

    private static final List<Column<Resident>> RESIDENT_COLUMNS = List.of(
            new Column<>("id", "bigint", Resident::id), new Column<>("sfzh", "varchar", Resident::sfzh),
            new Column<>("xm", "varchar", Resident::xm), new Column<>("xb", "char(1)", Resident::xb),
            new Column<>("mz", "char(2)", Resident::mz), new Column<>("csrq", "char(8)", Resident::csrq),
            new Column<>("hjdz", "varchar", Resident::hjdz), new Column<>("gxsj", "timestamp", Resident::gxsj));
    private static final List<Column<Household>> HOUSEHOLD_COLUMNS = List.of(
            new Column<>("hh", "varchar", Household::hh), new Column<>("hzsfzh", "varchar", Household::hzsfzh),
            new Column<>("hlx", "char(1)", Household::hlx), new Column<>("dz", "varchar", Household::dz),
            new Column<>("xzqh", "char(6)", Household::xzqh), new Column<>("gxsj", "timestamp", Household::gxsj));
    private static final List<Column<Member>> MEMBER_COLUMNS = List.of(
            new Column<>("id", "bigint", Member::id), new Column<>("hh", "varchar", Member::hh),
            new Column<>("sfzh", "varchar", Member::sfzh), new Column<>("xm", "varchar", Member::xm),
            new Column<>("yhzgx", "char(2)", Member::yhzgx), new Column<>("gxsj", "timestamp", Member::gxsj));

    private final DepartmentDatabase db;
    private final SyntheticResidents changes = new SyntheticResidents(System.nanoTime());
    private final Random pick = new Random();

    private HouseholdRegisterDemo(DepartmentDatabase db) {
        this.db = db;
    }

    /**
     * The household register on its own: creates the database, tables, capture role and publication where
     * missing, and seeds {@code residents} residents and their households once (deterministically). The
     * capture role's password is generated once and kept in {@code secretFile}.
     */
    public static HouseholdRegisterDemo prepare(EmbeddedPostgresServer server, int residents, Path secretFile) {
        return prepare(server, DATABASE, residents, secretFile);
    }

    /**
     * As {@link #prepare(EmbeddedPostgresServer, int, Path)}, in database {@code database}: tests keep many
     * registers side by side on one server (a plain lower-case identifier).
     */
    public static HouseholdRegisterDemo prepare(EmbeddedPostgresServer server, String database, int residents, Path secretFile) {
        HouseholdRegisterDemo register = setUp(server, database, DepartmentDatabase.secret(List.of(secretFile)));
        if (!register.seeded()) {
            register.seed(SyntheticPopulation.generate(DemoDepartments.SEED, residents));
        }
        return register;
    }

    static HouseholdRegisterDemo setUp(EmbeddedPostgresServer server, String captureSecret) {
        return setUp(server, DATABASE, captureSecret);
    }

    private static HouseholdRegisterDemo setUp(EmbeddedPostgresServer server, String database, String captureSecret) {
        DepartmentDatabase db = new DepartmentDatabase(server, database);
        db.ddl("CREATE SCHEMA IF NOT EXISTS hukou",
                RESIDENTS_DDL,
                "COMMENT ON TABLE hukou.residents IS '常住人口登记 (registered residents)'",
                "COMMENT ON COLUMN hukou.residents.sfzh IS '公民身份号码 GB 11643'",
                "COMMENT ON COLUMN hukou.residents.xm IS '姓名'",
                "COMMENT ON COLUMN hukou.residents.xb IS '性别代码 GB/T 2261.1'",
                "COMMENT ON COLUMN hukou.residents.mz IS '民族代码 GB 3304'",
                "COMMENT ON COLUMN hukou.residents.csrq IS '出生日期 yyyyMMdd'",
                "COMMENT ON COLUMN hukou.residents.hjdz IS '户籍地址'",
                "COMMENT ON COLUMN hukou.residents.gxsj IS '更新时间'",
                """
                CREATE TABLE IF NOT EXISTS hukou.hu (
                    hh     varchar(20) PRIMARY KEY,
                    hzsfzh varchar(18) NOT NULL,
                    hlx    char(1) NOT NULL,
                    dz     varchar(200) NOT NULL,
                    xzqh   char(6) NOT NULL,
                    cyxx   jsonb NOT NULL DEFAULT '[]',
                    gxsj   timestamp NOT NULL DEFAULT now())""",
                "COMMENT ON TABLE hukou.hu IS '户 (households)'",
                "COMMENT ON COLUMN hukou.hu.hh IS '户号'",
                "COMMENT ON COLUMN hukou.hu.hzsfzh IS '户主公民身份号码'",
                "COMMENT ON COLUMN hukou.hu.hlx IS '户类型: 1 家庭户, 2 集体户'",
                "COMMENT ON COLUMN hukou.hu.dz IS '户籍地址'",
                "COMMENT ON COLUMN hukou.hu.xzqh IS '行政区划代码 GB/T 2260'",
                "COMMENT ON COLUMN hukou.hu.cyxx IS '户成员信息 [{sfzh, xm, yhzgx}], 由 hu_cy 上的触发器维护, 供交换使用'",
                "COMMENT ON COLUMN hukou.hu.gxsj IS '更新时间'",
                """
                CREATE TABLE IF NOT EXISTS hukou.hu_cy (
                    id    bigint PRIMARY KEY,
                    hh    varchar(20) NOT NULL REFERENCES hukou.hu (hh),
                    sfzh  varchar(18) NOT NULL UNIQUE,
                    xm    varchar(50) NOT NULL,
                    yhzgx char(2) NOT NULL,
                    gxsj  timestamp NOT NULL DEFAULT now())""",
                "CREATE INDEX IF NOT EXISTS hu_cy_hh ON hukou.hu_cy (hh)",
                "COMMENT ON TABLE hukou.hu_cy IS '户成员 (household members)'",
                "COMMENT ON COLUMN hukou.hu_cy.hh IS '户号'",
                "COMMENT ON COLUMN hukou.hu_cy.sfzh IS '公民身份号码'",
                "COMMENT ON COLUMN hukou.hu_cy.xm IS '姓名'",
                "COMMENT ON COLUMN hukou.hu_cy.yhzgx IS '与户主关系 GB/T 4761: 02 户主, 10 配偶, 20 子, 30 女, 51 父亲, 52 母亲, 99 其他'",
                "COMMENT ON COLUMN hukou.hu_cy.gxsj IS '更新时间'",
                // One function for the three events; each trigger names its transition tables cy_new / cy_old.
                """
                CREATE OR REPLACE FUNCTION hukou.hu_cyxx_sync() RETURNS trigger LANGUAGE plpgsql AS $$
                DECLARE
                    changed varchar[] := '{}';
                BEGIN
                    IF TG_OP IN ('INSERT', 'UPDATE') THEN
                        changed := changed || ARRAY(SELECT DISTINCT hh FROM cy_new);
                    END IF;
                    IF TG_OP IN ('UPDATE', 'DELETE') THEN
                        changed := changed || ARRAY(SELECT DISTINCT hh FROM cy_old);
                    END IF;
                    UPDATE hukou.hu h
                       SET cyxx = coalesce((SELECT jsonb_agg(jsonb_build_object('sfzh', c.sfzh, 'xm', c.xm, 'yhzgx', c.yhzgx) ORDER BY c.id)
                                              FROM hukou.hu_cy c WHERE c.hh = h.hh), '[]'::jsonb),
                           gxsj = CASE WHEN TG_OP = 'INSERT'
                                       THEN greatest(h.gxsj, (SELECT max(c.gxsj) FROM hukou.hu_cy c WHERE c.hh = h.hh))
                                       ELSE greatest(h.gxsj, localtimestamp) END
                     WHERE h.hh = ANY (changed);
                    RETURN NULL;
                END $$""",
                "COMMENT ON FUNCTION hukou.hu_cyxx_sync() IS '按 hu_cy 的变更重写所涉户的 cyxx'",
                "CREATE OR REPLACE TRIGGER hu_cy_cyxx_insert AFTER INSERT ON hukou.hu_cy REFERENCING NEW TABLE AS cy_new "
                        + "FOR EACH STATEMENT EXECUTE FUNCTION hukou.hu_cyxx_sync()",
                "CREATE OR REPLACE TRIGGER hu_cy_cyxx_update AFTER UPDATE ON hukou.hu_cy REFERENCING OLD TABLE AS cy_old NEW TABLE AS cy_new "
                        + "FOR EACH STATEMENT EXECUTE FUNCTION hukou.hu_cyxx_sync()",
                "CREATE OR REPLACE TRIGGER hu_cy_cyxx_delete AFTER DELETE ON hukou.hu_cy REFERENCING OLD TABLE AS cy_old "
                        + "FOR EACH STATEMENT EXECUTE FUNCTION hukou.hu_cyxx_sync()");
        db.shareForCapture(captureSecret, PUBLICATION, List.of(TABLE, HOUSEHOLDS));
        return new HouseholdRegisterDemo(db);
    }

    public DataSource database() {
        return db.dataSource();
    }

    boolean seeded() {
        return !db.isEmpty(TABLE);
    }

    /** Residents, households and members in one transaction; the triggers fill each household's {@code cyxx}. */
    void seed(SyntheticPopulation population) {
        List<Member> members = population.households().stream().flatMap(h -> h.members().stream()).toList();
        db.inTransaction(connection -> {
            DepartmentDatabase.insertAll(connection, TABLE, RESIDENT_COLUMNS, population.residents());
            DepartmentDatabase.insertAll(connection, HOUSEHOLDS, HOUSEHOLD_COLUMNS, population.households());
            DepartmentDatabase.insertAll(connection, MEMBERS, MEMBER_COLUMNS, members);
        });
    }

    long residentCount() {
        return Long.parseLong(db.queryString("SELECT count(*) FROM hukou.residents").orElse("0"));
    }

    Optional<String> identityNumberOf(long id) {
        return db.queryString("SELECT sfzh FROM hukou.residents WHERE id = ?", id);
    }

    /** The household a resident is a member of, else the first household. */
    Optional<String> householdNumberFor(String identityNumber) {
        return db.queryString("SELECT hh FROM hukou.hu_cy WHERE sfzh = ?", identityNumber)
                .or(() -> db.queryString("SELECT hh FROM hukou.hu ORDER BY hh LIMIT 1"));
    }

    /** Identity numbers of the first residents, for the walkthrough's curl lines. */
    public List<String> sampleIdentityNumbers(int count) {
        try (Connection connection = db.dataSource().getConnection();
             PreparedStatement select = connection.prepareStatement("SELECT sfzh FROM hukou.residents ORDER BY id LIMIT ?")) {
            select.setInt(1, count);
            try (ResultSet rows = select.executeQuery()) {
                List<String> out = new ArrayList<>();
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
     * Households move: the households of {@code count} residents get a new address, the household row and
     * every member's registered address together, always including the household of one of the first
     * {@code sampleCount} residents so the walkthrough's curl lines show values and {@code asOf} change.
     * A resident in no household moves alone. Returns how many residents got a new address.
     */
    public int moveSomeResidents(int count, int sampleCount) {
        try (Connection connection = db.dataSource().getConnection();
             PreparedStatement select = connection.prepareStatement(
                     "SELECT r.hjdz, c.hh FROM hukou.residents r LEFT JOIN hukou.hu_cy c ON c.sfzh = r.sfzh WHERE r.id = ?");
             PreparedStatement moveHousehold = connection.prepareStatement("UPDATE hukou.hu SET dz = ?, gxsj = now() WHERE hh = ?");
             PreparedStatement moveMembers = connection.prepareStatement("UPDATE hukou.residents SET hjdz = ?, gxsj = now() "
                     + "WHERE sfzh IN (SELECT sfzh FROM hukou.hu_cy WHERE hh = ?)");
             PreparedStatement moveAlone = connection.prepareStatement("UPDATE hukou.residents SET hjdz = ?, gxsj = now() WHERE id = ?")) {
            long max;
            try (PreparedStatement maxId = connection.prepareStatement("SELECT coalesce(max(id), 0) FROM hukou.residents");
                 ResultSet rows = maxId.executeQuery()) {
                rows.next();
                max = rows.getLong(1);
            }
            int moved = 0;
            for (int i = 0; i < count && max > 0; i++) {
                long id = i == 0 ? 1 + pick.nextInt(Math.max(1, sampleCount)) : 1 + (long) (pick.nextDouble() * max);
                select.setLong(1, id);
                String address;
                String household;
                try (ResultSet row = select.executeQuery()) {
                    if (!row.next()) {
                        continue;
                    }
                    address = changes.newAddress(row.getString(1) == null ? "" : row.getString(1));
                    household = row.getString(2);
                }
                connection.setAutoCommit(false);
                if (household != null) {
                    moveHousehold.setString(1, address);
                    moveHousehold.setString(2, household);
                    moveHousehold.executeUpdate();
                    moveMembers.setString(1, address);
                    moveMembers.setString(2, household);
                    moved += moveMembers.executeUpdate();
                } else {
                    moveAlone.setString(1, address);
                    moveAlone.setLong(2, id);
                    moved += moveAlone.executeUpdate();
                }
                connection.commit();
                connection.setAutoCommit(true);
            }
            return moved;
        } catch (SQLException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }
}
