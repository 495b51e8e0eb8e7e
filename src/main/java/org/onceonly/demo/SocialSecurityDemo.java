/*
 * Copyright 2026 The OnceOnly Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.onceonly.demo;

import java.util.List;
import java.util.Optional;
import org.onceonly.hub.EmbeddedPostgresServer;
import org.onceonly.demo.DepartmentDatabase.Column;
import org.onceonly.demo.SyntheticPopulation.Enrolment;

/**
 * The demo's social-security enrolment register (参保登记), database {@code shebao}, table
 * {@code cbdj.cbxx}: one row per insured person and scheme, with the employer (if any) and the contact
 * address the person gave the bureau. Captured by Debezium as source {@value #SOURCE_ID}.
 */
public final class SocialSecurityDemo {
    public static final String DATABASE = "shebao";
    public static final String SOURCE_ID = "social-security-enrolment";
    public static final String TABLE = "cbdj.cbxx";
    public static final String PUBLICATION = "onceonly_social_security_enrolment";

    private static final List<Column<Enrolment>> COLUMNS = List.of(
            new Column<>("id", "bigint", Enrolment::id), new Column<>("cbbh", "varchar", Enrolment::cbbh),
            new Column<>("sfzh", "varchar", Enrolment::sfzh), new Column<>("xm", "varchar", Enrolment::xm),
            new Column<>("xzlx", "char(3)", Enrolment::xzlx), new Column<>("cbzt", "char(1)", Enrolment::cbzt),
            new Column<>("dwxydm", "char(18)", Enrolment::dwxydm), new Column<>("dwmc", "varchar", Enrolment::dwmc),
            new Column<>("lxdz", "varchar", Enrolment::lxdz), new Column<>("hjdz", "varchar", Enrolment::hjdz),
            new Column<>("cbrq", "char(8)", Enrolment::cbrq),
            new Column<>("zzrq", "char(8)", Enrolment::zzrq), new Column<>("xzqh", "char(6)", Enrolment::xzqh),
            new Column<>("gxsj", "timestamp", Enrolment::gxsj));

    private final DepartmentDatabase db;

    private SocialSecurityDemo(DepartmentDatabase db) {
        this.db = db;
    }

    static SocialSecurityDemo setUp(EmbeddedPostgresServer server, String captureSecret) {
        DepartmentDatabase db = new DepartmentDatabase(server, DATABASE);
        db.ddl("CREATE SCHEMA IF NOT EXISTS cbdj",
                "COMMENT ON SCHEMA cbdj IS '参保登记'",
                """
                CREATE TABLE IF NOT EXISTS cbdj.cbxx (
                    id     bigint PRIMARY KEY,
                    cbbh   varchar(20) NOT NULL UNIQUE,
                    sfzh   varchar(18) NOT NULL,
                    xm     varchar(50) NOT NULL,
                    xzlx   char(3) NOT NULL,
                    cbzt   char(1) NOT NULL,
                    dwxydm char(18),
                    dwmc   varchar(100),
                    lxdz   varchar(200),
                    hjdz   varchar(200),
                    cbrq   char(8) NOT NULL,
                    zzrq   char(8),
                    xzqh   char(6) NOT NULL,
                    gxsj   timestamp NOT NULL DEFAULT now(),
                    UNIQUE (sfzh, xzlx))""",
                "COMMENT ON TABLE cbdj.cbxx IS '参保信息 (social-insurance enrolments, one per person and scheme)'",
                "COMMENT ON COLUMN cbdj.cbxx.cbbh IS '参保登记编号'",
                "COMMENT ON COLUMN cbdj.cbxx.sfzh IS '公民身份号码 (社会保障号码)'",
                "COMMENT ON COLUMN cbdj.cbxx.xm IS '姓名'",
                "COMMENT ON COLUMN cbdj.cbxx.xzlx IS '险种类型: 110 企业职工基本养老保险, 210 失业保险, 310 职工基本医疗保险, 410 工伤保险, 510 生育保险'",
                "COMMENT ON COLUMN cbdj.cbxx.cbzt IS '参保状态: 1 参保缴费, 2 暂停缴费, 3 终止参保'",
                "COMMENT ON COLUMN cbdj.cbxx.dwxydm IS '参保单位统一社会信用代码 (灵活就业人员为空)'",
                "COMMENT ON COLUMN cbdj.cbxx.dwmc IS '参保单位名称'",
                "COMMENT ON COLUMN cbdj.cbxx.lxdz IS '联系地址'",
                "COMMENT ON COLUMN cbdj.cbxx.hjdz IS '户籍地址 (登记参保时申报)'",
                "COMMENT ON COLUMN cbdj.cbxx.cbrq IS '参保日期 yyyyMMdd'",
                "COMMENT ON COLUMN cbdj.cbxx.zzrq IS '终止日期 yyyyMMdd'",
                "COMMENT ON COLUMN cbdj.cbxx.xzqh IS '参保地行政区划代码 GB/T 2260'",
                "COMMENT ON COLUMN cbdj.cbxx.gxsj IS '更新时间'");
        db.shareForCapture(captureSecret, PUBLICATION, List.of(TABLE));
        return new SocialSecurityDemo(db);
    }

    boolean seeded() {
        return !db.isEmpty(TABLE);
    }

    void seed(SyntheticPopulation population) {
        db.inTransaction(connection -> DepartmentDatabase.insertAll(connection, TABLE, COLUMNS, population.enrolments()));
    }

    /** The resident's pension enrolment (or another of theirs), else the first enrolment. */
    Optional<String> enrolmentNumberFor(String identityNumber) {
        return db.queryString("SELECT cbbh FROM cbdj.cbxx WHERE sfzh = ? ORDER BY xzlx LIMIT 1", identityNumber)
                .or(() -> db.queryString("SELECT cbbh FROM cbdj.cbxx ORDER BY id LIMIT 1"));
    }
}
