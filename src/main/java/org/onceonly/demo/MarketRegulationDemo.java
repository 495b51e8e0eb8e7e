/*
 * Copyright 2026 The OnceOnly Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.onceonly.demo;

import java.util.Optional;

import java.util.List;
import org.onceonly.hub.EmbeddedPostgresServer;
import org.onceonly.demo.DepartmentDatabase.Column;
import org.onceonly.demo.SyntheticPopulation.Enterprise;

/**
 * The demo's market-regulation enterprise register (市场主体登记), database {@code scjg}, table
 * {@code scjg.qyxx}. This source is read by polling rather than a change log: the department grants a
 * read-only role {@value DepartmentDatabase#READER_ROLE}, keeps an update time {@code gxsj} (indexed with
 * the key, so "rows changed since" is cheap) and marks deletions with the soft-delete flag {@code scbz}
 * instead of deleting rows.
 */
public final class MarketRegulationDemo {
    public static final String DATABASE = "scjg";
    /** The source id its polling connector will register, and the name of its secret file. */
    public static final String SOURCE_ID = "market-regulation-enterprises";
    public static final String TABLE = "scjg.qyxx";
    public static final String READER_ROLE = DepartmentDatabase.READER_ROLE;

    private static final List<Column<Enterprise>> COLUMNS = List.of(
            new Column<>("tyshxydm", "char(18)", Enterprise::tyshxydm), new Column<>("qymc", "varchar", Enterprise::qymc),
            new Column<>("fddbr", "varchar", Enterprise::fddbr), new Column<>("fddbrsfzh", "varchar", Enterprise::fddbrsfzh),
            new Column<>("qylx", "varchar", Enterprise::qylx), new Column<>("djzt", "varchar", Enterprise::djzt),
            new Column<>("clrq", "date", Enterprise::clrq), new Column<>("yyqxz", "date", Enterprise::yyqxz),
            new Column<>("zczb", "varchar", Enterprise::zczb), new Column<>("zs", "varchar", Enterprise::zs),
            new Column<>("xzqh", "char(6)", Enterprise::xzqh), new Column<>("gxsj", "timestamp", Enterprise::gxsj),
            new Column<>("scbz", "char(1)", Enterprise::scbz));

    private final DepartmentDatabase db;

    private MarketRegulationDemo(DepartmentDatabase db) {
        this.db = db;
    }

    static MarketRegulationDemo setUp(EmbeddedPostgresServer server, String readerSecret) {
        DepartmentDatabase db = new DepartmentDatabase(server, DATABASE);
        db.ddl("CREATE SCHEMA IF NOT EXISTS scjg",
                "COMMENT ON SCHEMA scjg IS '市场监督管理'",
                """
                CREATE TABLE IF NOT EXISTS scjg.qyxx (
                    tyshxydm  char(18) PRIMARY KEY,
                    qymc      varchar(100) NOT NULL,
                    fddbr     varchar(50),
                    fddbrsfzh varchar(18),
                    qylx      varchar(50) NOT NULL,
                    djzt      varchar(4) NOT NULL,
                    clrq      date NOT NULL,
                    yyqxz     date,
                    zczb      varchar(30),
                    zs        varchar(200),
                    xzqh      char(6) NOT NULL,
                    gxsj      timestamp NOT NULL DEFAULT now(),
                    scbz      char(1) NOT NULL DEFAULT '0')""",
                "CREATE INDEX IF NOT EXISTS qyxx_gxsj_tyshxydm ON scjg.qyxx (gxsj, tyshxydm)",
                "COMMENT ON TABLE scjg.qyxx IS '企业基本信息 (registered market entities)'",
                "COMMENT ON COLUMN scjg.qyxx.tyshxydm IS '统一社会信用代码 GB 32100'",
                "COMMENT ON COLUMN scjg.qyxx.qymc IS '企业名称'",
                "COMMENT ON COLUMN scjg.qyxx.fddbr IS '法定代表人 (经营者) 姓名'",
                "COMMENT ON COLUMN scjg.qyxx.fddbrsfzh IS '法定代表人公民身份号码'",
                "COMMENT ON COLUMN scjg.qyxx.qylx IS '企业类型'",
                "COMMENT ON COLUMN scjg.qyxx.djzt IS '登记状态: 存续, 注销, 吊销'",
                "COMMENT ON COLUMN scjg.qyxx.clrq IS '成立日期'",
                "COMMENT ON COLUMN scjg.qyxx.yyqxz IS '营业期限至 (空为长期)'",
                "COMMENT ON COLUMN scjg.qyxx.zczb IS '注册资本 (含单位)'",
                "COMMENT ON COLUMN scjg.qyxx.zs IS '住所'",
                "COMMENT ON COLUMN scjg.qyxx.xzqh IS '住所行政区划代码 GB/T 2260'",
                "COMMENT ON COLUMN scjg.qyxx.gxsj IS '更新时间 (增量抽取依据)'",
                "COMMENT ON COLUMN scjg.qyxx.scbz IS '删除标志: 0 正常, 1 已删除 (逻辑删除)'");
        db.shareForReading(readerSecret, List.of(TABLE));
        return new MarketRegulationDemo(db);
    }

    boolean seeded() {
        return !db.isEmpty(TABLE);
    }

    void seed(SyntheticPopulation population) {
        db.inTransaction(connection -> DepartmentDatabase.insertAll(connection, TABLE, COLUMNS, population.enterprises()));
    }

    /** An enterprise the resident legally represents, else any operating one, for the walkthrough. */
    Optional<String> creditCodeFor(String representativeId) {
        return db.queryString("SELECT tyshxydm FROM scjg.qyxx WHERE fddbrsfzh = ? AND scbz = '0' ORDER BY tyshxydm LIMIT 1", representativeId)
                .or(() -> db.queryString("SELECT tyshxydm FROM scjg.qyxx WHERE scbz = '0' ORDER BY tyshxydm LIMIT 1"));
    }
}
