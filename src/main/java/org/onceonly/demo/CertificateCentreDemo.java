/*
 * Copyright 2026 The OnceOnly Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.onceonly.demo;

import java.util.List;
import java.util.Optional;
import org.onceonly.hub.EmbeddedPostgresServer;
import org.onceonly.demo.DepartmentDatabase.Column;
import org.onceonly.demo.SyntheticPopulation.Certificate;

/**
 * The demo's electronic certificate centre (电子证照库), database {@code dzzz}, table {@code dzzz.zzxx}:
 * certificates issued by other departments — business licences (营业执照) by market regulation, marriage
 * and divorce certificates (结婚证, 离婚证) by civil affairs — with holder, status and the SHA-256 of the
 * signed document. Captured by Debezium as source {@value #SOURCE_ID}.
 */
public final class CertificateCentreDemo {
    public static final String DATABASE = "dzzz";
    public static final String SOURCE_ID = "certificate-centre-licences";
    public static final String TABLE = "dzzz.zzxx";
    public static final String PUBLICATION = "onceonly_certificate_centre_licences";

    private static final List<Column<Certificate>> COLUMNS = List.of(
            new Column<>("id", "bigint", Certificate::id), new Column<>("zzbh", "varchar", Certificate::zzbh),
            new Column<>("zzlx", "varchar", Certificate::zzlx), new Column<>("czztlx", "varchar", Certificate::czztlx),
            new Column<>("czzt", "varchar", Certificate::czzt), new Column<>("czztdm", "varchar", Certificate::czztdm),
            new Column<>("fzbm", "varchar", Certificate::fzbm), new Column<>("fzjg", "varchar", Certificate::fzjg),
            new Column<>("fzrq", "date", Certificate::fzrq), new Column<>("yxqz", "date", Certificate::yxqz),
            new Column<>("zt", "varchar", Certificate::zt), new Column<>("wjzy", "char(64)", Certificate::wjzy),
            new Column<>("gxsj", "timestamp", Certificate::gxsj));

    private final DepartmentDatabase db;

    private CertificateCentreDemo(DepartmentDatabase db) {
        this.db = db;
    }

    public static CertificateCentreDemo setUp(EmbeddedPostgresServer server, String captureSecret) {
        DepartmentDatabase db = new DepartmentDatabase(server, DATABASE);
        db.ddl("CREATE SCHEMA IF NOT EXISTS dzzz",
                "COMMENT ON SCHEMA dzzz IS '电子证照'",
                """
                CREATE TABLE IF NOT EXISTS dzzz.zzxx (
                    id     bigint PRIMARY KEY,
                    zzbh   varchar(64) NOT NULL UNIQUE,
                    zzlx   varchar(20) NOT NULL,
                    czztlx varchar(10) NOT NULL,
                    czzt   varchar(100) NOT NULL,
                    czztdm varchar(18) NOT NULL,
                    fzbm   varchar(10) NOT NULL,
                    fzjg   varchar(100) NOT NULL,
                    fzrq   date NOT NULL,
                    yxqz   date,
                    zt     varchar(4) NOT NULL,
                    wjzy   char(64),
                    gxsj   timestamp NOT NULL DEFAULT now())""",
                "CREATE INDEX IF NOT EXISTS zzxx_czztdm ON dzzz.zzxx (czztdm)",
                "COMMENT ON TABLE dzzz.zzxx IS '电子证照信息 (electronic certificates)'",
                "COMMENT ON COLUMN dzzz.zzxx.zzbh IS '证照编号'",
                "COMMENT ON COLUMN dzzz.zzxx.zzlx IS '证照类型: 营业执照, 结婚证, 离婚证'",
                "COMMENT ON COLUMN dzzz.zzxx.czztlx IS '持证主体类型: 自然人, 法人, 个体工商户'",
                "COMMENT ON COLUMN dzzz.zzxx.czzt IS '持证主体名称'",
                "COMMENT ON COLUMN dzzz.zzxx.czztdm IS '持证主体代码: 公民身份号码或统一社会信用代码'",
                "COMMENT ON COLUMN dzzz.zzxx.fzbm IS '发证部门代码: SCJG 市场监督管理, MZ 民政'",
                "COMMENT ON COLUMN dzzz.zzxx.fzjg IS '发证机关'",
                "COMMENT ON COLUMN dzzz.zzxx.fzrq IS '发证日期'",
                "COMMENT ON COLUMN dzzz.zzxx.yxqz IS '有效期至 (空为长期有效)'",
                "COMMENT ON COLUMN dzzz.zzxx.zt IS '证照状态: 有效, 吊销, 注销, 过期'",
                "COMMENT ON COLUMN dzzz.zzxx.wjzy IS '证照文件摘要 SHA-256 (十六进制小写)'",
                "COMMENT ON COLUMN dzzz.zzxx.gxsj IS '更新时间'");
        db.shareForCapture(captureSecret, PUBLICATION, List.of(TABLE));
        return new CertificateCentreDemo(db);
    }

    boolean seeded() {
        return !db.isEmpty(TABLE);
    }

    void seed(SyntheticPopulation population) {
        issue(population.certificates());
    }

    /** Inserts certificates in one transaction. */
    public void issue(List<Certificate> certificates) {
        db.inTransaction(connection -> DepartmentDatabase.insertAll(connection, TABLE, COLUMNS, certificates));
    }

    /** A certificate the resident holds, else the first certificate. */
    Optional<String> certificateNumberFor(String holderId) {
        return db.queryString("SELECT zzbh FROM dzzz.zzxx WHERE czztdm = ? ORDER BY fzrq, zzbh LIMIT 1", holderId)
                .or(() -> db.queryString("SELECT zzbh FROM dzzz.zzxx ORDER BY id LIMIT 1"));
    }
}
