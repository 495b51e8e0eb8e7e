/*
 * Copyright 2026 The OnceOnly Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.onceonly.demo;

import java.util.List;
import java.util.Optional;
import org.onceonly.hub.EmbeddedPostgresServer;
import org.onceonly.demo.DepartmentDatabase.Column;
import org.onceonly.demo.SyntheticPopulation.MarriageRegistration;

/**
 * The demo's civil-affairs marriage registry (婚姻登记), database {@code minzheng}, table
 * {@code hydj.djxx}: one row per marriage (结婚) or divorce (离婚) registration, with both parties as
 * 男方 ({@code nf…}) and 女方 ({@code nv…}). Captured by Debezium as source {@value #SOURCE_ID}.
 */
public final class CivilAffairsDemo {
    public static final String DATABASE = "minzheng";
    public static final String SOURCE_ID = "civil-affairs-marriage";
    public static final String TABLE = "hydj.djxx";
    public static final String PUBLICATION = "onceonly_civil_affairs_marriage";

    private static final List<Column<MarriageRegistration>> COLUMNS = List.of(
            new Column<>("id", "bigint", MarriageRegistration::id), new Column<>("djzh", "varchar", MarriageRegistration::djzh),
            new Column<>("djlx", "varchar", MarriageRegistration::djlx),
            new Column<>("nfsfzh", "varchar", MarriageRegistration::nfsfzh), new Column<>("nfxm", "varchar", MarriageRegistration::nfxm),
            new Column<>("nvsfzh", "varchar", MarriageRegistration::nvsfzh), new Column<>("nvxm", "varchar", MarriageRegistration::nvxm),
            new Column<>("djrq", "date", MarriageRegistration::djrq), new Column<>("djjg", "varchar", MarriageRegistration::djjg),
            new Column<>("xzqh", "char(6)", MarriageRegistration::xzqh), new Column<>("gxsj", "timestamp", MarriageRegistration::gxsj));

    private final DepartmentDatabase db;

    private CivilAffairsDemo(DepartmentDatabase db) {
        this.db = db;
    }

    static CivilAffairsDemo setUp(EmbeddedPostgresServer server, String captureSecret) {
        DepartmentDatabase db = new DepartmentDatabase(server, DATABASE);
        db.ddl("CREATE SCHEMA IF NOT EXISTS hydj",
                "COMMENT ON SCHEMA hydj IS '婚姻登记'",
                """
                CREATE TABLE IF NOT EXISTS hydj.djxx (
                    id     bigint PRIMARY KEY,
                    djzh   varchar(30) NOT NULL UNIQUE,
                    djlx   varchar(4) NOT NULL,
                    nfsfzh varchar(18) NOT NULL,
                    nfxm   varchar(50) NOT NULL,
                    nvsfzh varchar(18) NOT NULL,
                    nvxm   varchar(50) NOT NULL,
                    djrq   date NOT NULL,
                    djjg   varchar(100) NOT NULL,
                    xzqh   char(6) NOT NULL,
                    gxsj   timestamp NOT NULL DEFAULT now())""",
                "COMMENT ON TABLE hydj.djxx IS '婚姻登记信息 (marriage and divorce registrations)'",
                "COMMENT ON COLUMN hydj.djxx.djzh IS '登记证字号, 如 J110105-2019-001234 (J 结婚, L 离婚)'",
                "COMMENT ON COLUMN hydj.djxx.djlx IS '登记类型: 结婚, 离婚'",
                "COMMENT ON COLUMN hydj.djxx.nfsfzh IS '男方公民身份号码'",
                "COMMENT ON COLUMN hydj.djxx.nfxm IS '男方姓名'",
                "COMMENT ON COLUMN hydj.djxx.nvsfzh IS '女方公民身份号码'",
                "COMMENT ON COLUMN hydj.djxx.nvxm IS '女方姓名'",
                "COMMENT ON COLUMN hydj.djxx.djrq IS '登记日期'",
                "COMMENT ON COLUMN hydj.djxx.djjg IS '登记机关'",
                "COMMENT ON COLUMN hydj.djxx.xzqh IS '登记机关行政区划代码 GB/T 2260'",
                "COMMENT ON COLUMN hydj.djxx.gxsj IS '更新时间'");
        db.shareForCapture(captureSecret, PUBLICATION, List.of(TABLE));
        return new CivilAffairsDemo(db);
    }

    boolean seeded() {
        return !db.isEmpty(TABLE);
    }

    void seed(SyntheticPopulation population) {
        db.inTransaction(connection -> DepartmentDatabase.insertAll(connection, TABLE, COLUMNS, population.marriages()));
    }

    /** A marriage registration of the resident, else the first registration. */
    Optional<String> registrationNumberFor(String identityNumber) {
        return db.queryString("SELECT djzh FROM hydj.djxx WHERE ? IN (nfsfzh, nvsfzh) ORDER BY djrq LIMIT 1", identityNumber)
                .or(() -> db.queryString("SELECT djzh FROM hydj.djxx ORDER BY id LIMIT 1"));
    }
}
