/*
 * Copyright 2026 The OnceOnly Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.onceonly.demo;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.onceonly.demo.EmbeddedMariaDbServer;
import org.onceonly.demo.SyntheticPopulation.Enrolment;
import org.onceonly.demo.SyntheticResidents.Resident;
import org.onceonly.identity.Masking;

/**
 * The demo's housing provident fund centre (住房公积金管理中心), the one department on MariaDB: database
 * {@value #DATABASE}, table {@value #TABLE} (缴存信息), one deposit account per resident whose employer
 * enrolled them in the pension scheme — in China an employer pays into both. Captured from the binary log
 * by Debezium's MariaDB connector as source {@value #SOURCE_ID}; the DBA's steps are those of
 * {@code docs/connectors.md}: a capture account with SELECT on the shared table and the replication grants.
 */
public final class HousingFundDemo {
    public static final String DATABASE = "gjj";
    public static final String SOURCE_ID = "housing-fund-deposits";
    public static final String TABLE = "gjj.jcxx";
    public static final String CAPTURE_USER = "onceonly_cdc";
    /** The hub reaches the server over loopback, and the server resolves no names: the account is for 127.0.0.1 only. */
    static final String CAPTURE_HOST = "127.0.0.1";

    /** A row of {@code gjj.jcxx}. */
    record Deposit(long id, String grzh, String sfzh, String xm, String dwmc, BigDecimal jcjs, String zt, LocalDate khrq,
                   String lxdz, LocalDateTime gxsj) {}

    private static final DateTimeFormatter YYYYMMDD = DateTimeFormatter.ofPattern("yyyyMMdd");
    private static final String PENSION = "110";

    private final EmbeddedMariaDbServer server;

    private HousingFundDemo(EmbeddedMariaDbServer server) {
        this.server = server;
    }

    /**
     * Creates the database, table and capture account where missing, keeps the account's password in
     * {@code <secrets>/housing-fund-deposits.password}, and seeds the table from the population of
     * {@code residents} when it is empty: a second run on the same server changes nothing.
     */
    public static HousingFundDemo prepare(EmbeddedMariaDbServer server, int residents, Path secrets) {
        String password = DepartmentDatabase.secret(List.of(secrets.resolve(SOURCE_ID + ".password")));
        HousingFundDemo fund = new HousingFundDemo(server);
        fund.createTable();
        fund.shareForCapture(password);
        if (fund.depositCount() == 0) {
            fund.seed(deposits(SyntheticPopulation.generate(DemoDepartments.SEED, residents)));
        }
        return fund;
    }

    private void createTable() {
        server.executeAsRoot("CREATE DATABASE IF NOT EXISTS gjj CHARACTER SET utf8mb4 COMMENT '住房公积金管理中心'");
        server.executeAsRoot("""
                CREATE TABLE IF NOT EXISTS gjj.jcxx (
                    id   BIGINT PRIMARY KEY,
                    grzh VARCHAR(20) NOT NULL UNIQUE COMMENT '个人公积金账号',
                    sfzh VARCHAR(18) NOT NULL UNIQUE COMMENT '公民身份号码 GB 11643',
                    xm   VARCHAR(50) NOT NULL COMMENT '姓名',
                    dwmc VARCHAR(100) COMMENT '缴存单位名称',
                    jcjs DECIMAL(10,2) NOT NULL COMMENT '缴存基数 (元/月)',
                    zt   CHAR(1) NOT NULL COMMENT '账户状态: 1 正常缴存, 2 封存',
                    khrq DATE NOT NULL COMMENT '开户日期',
                    lxdz VARCHAR(200) COMMENT '联系地址',
                    gxsj DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6) COMMENT '更新时间'
                ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COMMENT '缴存信息 (housing-fund deposit accounts, one per depositor)'""");
    }

    /** The capture account with exactly the grants docs/connectors.md asks a DBA for; its password follows the secret file. */
    private void shareForCapture(String password) {
        server.executeAsRoot("CREATE USER IF NOT EXISTS 'onceonly_cdc'@'127.0.0.1' IDENTIFIED BY ?", password);
        server.executeAsRoot("ALTER USER 'onceonly_cdc'@'127.0.0.1' IDENTIFIED BY ?", password);
        server.executeAsRoot("GRANT RELOAD, REPLICATION SLAVE, REPLICATION CLIENT ON *.* TO 'onceonly_cdc'@'127.0.0.1'");
        server.executeAsRoot("GRANT SELECT ON gjj.jcxx TO 'onceonly_cdc'@'127.0.0.1'");
    }

    /**
     * One account per resident with an employer in the pension scheme, in enrolment order: the employer
     * and start date of that enrolment, an account sealed (封存) when the enrolment is no longer paid, a
     * contribution base drawn from a seeded generator, and the resident's name as the household register
     * holds it (the centre copies it from the identity card).
     */
    static List<Deposit> deposits(SyntheticPopulation population) {
        Map<String, Resident> residents = population.residents().stream()
                .collect(Collectors.toMap(Resident::sfzh, Function.identity(), (a, b) -> a));
        Random r = new Random(DemoDepartments.SEED * 31 + 11);
        List<Deposit> deposits = new ArrayList<>();
        for (Enrolment enrolment : population.enrolments()) {
            Resident depositor = residents.get(enrolment.sfzh());
            if (!enrolment.xzlx().equals(PENSION) || enrolment.dwxydm() == null || depositor == null) {
                continue;
            }
            long id = deposits.size() + 1;
            BigDecimal base = BigDecimal.valueOf(2_600 + r.nextInt(3_241) * 10L).setScale(2);
            String status = enrolment.cbzt().equals("1") ? "1" : "2";
            deposits.add(new Deposit(id, enrolment.xzqh() + String.format("%010d", id), depositor.sfzh(), depositor.xm(),
                    enrolment.dwmc(), base, status, LocalDate.parse(enrolment.cbrq(), YYYYMMDD), enrolment.lxdz(), enrolment.gxsj()));
        }
        return deposits;
    }

    private void seed(List<Deposit> deposits) {
        try (Connection connection = server.rootConnection()) {
            connection.setAutoCommit(false);
            try (PreparedStatement insert = connection.prepareStatement(
                    "INSERT INTO gjj.jcxx (id, grzh, sfzh, xm, dwmc, jcjs, zt, khrq, lxdz, gxsj) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                for (Deposit d : deposits) {
                    insert.setLong(1, d.id());
                    insert.setString(2, d.grzh());
                    insert.setString(3, d.sfzh());
                    insert.setString(4, d.xm());
                    insert.setString(5, d.dwmc());
                    insert.setBigDecimal(6, d.jcjs());
                    insert.setString(7, d.zt());
                    insert.setDate(8, Date.valueOf(d.khrq()));
                    insert.setString(9, d.lxdz());
                    insert.setTimestamp(10, Timestamp.valueOf(d.gxsj()));
                    insert.addBatch();
                }
                insert.executeBatch();
                connection.commit();
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            }
        } catch (SQLException e) {
            // A duplicate key quotes the identity number: mask it before the message travels.
            throw new IllegalStateException("cannot seed " + TABLE + ": " + Masking.maskIdentityNumbers(e.getMessage()), e);
        }
    }

    public long depositCount() {
        try (Connection connection = server.rootConnection(); Statement select = connection.createStatement();
             ResultSet row = select.executeQuery("SELECT count(*) FROM gjj.jcxx")) {
            row.next();
            return row.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    /** The first of {@code identityNumbers} with a deposit account, else the first depositor. */
    public Optional<String> depositorAmong(List<String> identityNumbers) {
        try (Connection connection = server.rootConnection();
             PreparedStatement select = connection.prepareStatement("SELECT count(*) FROM gjj.jcxx WHERE sfzh = ?")) {
            for (String identityNumber : identityNumbers) {
                select.setString(1, identityNumber);
                try (ResultSet row = select.executeQuery()) {
                    if (row.next() && row.getLong(1) > 0) {
                        return Optional.of(identityNumber);
                    }
                }
            }
            try (Statement first = connection.createStatement();
                 ResultSet row = first.executeQuery("SELECT sfzh FROM gjj.jcxx ORDER BY id LIMIT 1")) {
                return row.next() ? Optional.of(row.getString(1)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }
}
