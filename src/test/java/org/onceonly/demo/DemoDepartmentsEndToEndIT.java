/*
 * Copyright 2026 The OnceOnly Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.onceonly.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.onceonly.testkit.PoolAssert.assertPool;

import com.fasterxml.jackson.databind.JsonNode;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.onceonly.testkit.ApiClient;
import org.onceonly.testkit.Department;
import org.onceonly.testkit.HubExtension;
import org.onceonly.testkit.IdentityNumbers;
import org.onceonly.testkit.Patience;
import org.onceonly.testkit.TestDemoDepartments;

/**
 * The demo's departments on one real PostgreSQL server, set up and seeded as {@code onceonly demo} does,
 * registered with the project's own demo connector files, streaming through the project's routes into a
 * real pool: a row of every captured table reaches the API as its canonical entity.
 */
class DemoDepartmentsEndToEndIT {
    private static final int RESIDENTS = 200;

    @Department(residents = RESIDENTS)
    static TestDemoDepartments demo;
    @RegisterExtension
    static final HubExtension hub = HubExtension.inProcess();
    static DemoDepartments departments;
    static ApiClient api;
    static String firstResident;

    @BeforeAll
    static void awaitEveryTable() {
        departments = demo.departments();
        api = hub.api();
        firstResident = departments.examples(1).identityNumbers().get(0);
        Patience.await().until(() -> poolCount("Person") >= RESIDENTS
                && poolCount("Household") >= count("hukou", "hukou.hu")
                && poolCount("Marriage") >= count("minzheng", "hydj.djxx")
                && poolCount("SocialInsurance") >= count("shebao", "cbdj.cbxx")
                && poolCount("Certificate") >= count("dzzz", "dzzz.zzxx")
                && poolCount("Organisation") >= query("scjg", "SELECT count(*) FROM scjg.qyxx WHERE scbz <> '1'"));
    }

    @Test
    void everySeededRowOfEveryCapturedTableIsInThePoolAndNoneWasRefused() {
        assertThat(poolCount("Person")).isEqualTo(count("hukou", "hukou.residents"));
        assertThat(poolCount("Household")).isEqualTo(count("hukou", "hukou.hu"));
        assertThat(poolCount("Marriage")).isEqualTo(count("minzheng", "hydj.djxx"));
        assertThat(poolCount("SocialInsurance")).isEqualTo(count("shebao", "cbdj.cbxx"));
        assertThat(poolCount("Certificate")).isEqualTo(count("dzzz", "dzzz.zzxx"));
        // Polled: enterprises marked deleted (scbz = '1') arrive as deletes and leave no record.
        assertThat(poolCount("Organisation")).isEqualTo(query("scjg", "SELECT count(*) FROM scjg.qyxx WHERE scbz <> '1'"));
        assertPool(hub.pool()).quarantinedNothing();
    }

    @Test
    void anEnterpriseNamesItsLegalRepresentativeWhoSeesItInTheirPicture() {
        String creditCode = queryString("scjg", "SELECT tyshxydm FROM scjg.qyxx WHERE scbz = '0' ORDER BY tyshxydm LIMIT 1");
        JsonNode organisation = api.get("/v1/subjects/" + creditCode + "/organisation").body();
        String representative = organisation.get("fields").get("legalRepresentativeCitizenId").get("value").asText();

        assertThat(organisation.get("fields").get("creditCode").get("source").asText()).isEqualTo("market-regulation-enterprises");
        assertThat(api.get("/v1/subjects/" + representative).body().get("records").get("Organisation").findValuesAsText("key"))
                .contains(creditCode);
    }

    @Test
    void socialSecuritysDriftedRecordsAreListedAsConflictsAndTheHouseholdRegisterWins() {
        JsonNode conflicts = api.get("/v1/admin/conflicts?entity=Person&department=social-security&limit=1000").body().get("conflicts");

        assertThat(conflicts).isNotEmpty();
        assertThat(conflicts.findValuesAsText("field")).contains("registeredAddress");
        JsonNode first = conflicts.get(0);
        String subject = first.get("subject").asText();
        JsonNode golden = api.get("/v1/subjects/" + subject + "/person").body().get("fields").get(first.get("field").asText());
        assertThat(golden.get("department").asText()).isEqualTo("public-security");
        assertThat(first.get("candidates").get(0).get("department").asText()).isEqualTo("public-security");
    }

    @Test
    void householdArrivesWithItsMembers() {
        String hh = departments.examples(1).householdNumber().orElseThrow();

        JsonNode fields = api.get("/v1/subjects/" + hh + "/household").body().get("fields");

        assertThat(fields.get("headCitizenId").get("value").asText()).isEqualTo(firstResident);
        assertThat(fields.get("householdType").get("value").asText()).isEqualTo("1");
        JsonNode members = fields.get("members").get("value");
        assertThat(members.size()).isEqualTo(query("hukou", "SELECT count(*) FROM hukou.hu_cy WHERE hh = ?", hh));
        assertThat(members.get(0).get("citizenId").asText()).isEqualTo(firstResident);
        assertThat(members.get(0).get("relation").asText()).isEqualTo("02");
        assertThat(members.get(1).get("relation").asText()).isEqualTo("10");
        assertThat(fields.get("members").get("source").asText()).isEqualTo("public-security-hukou");
    }

    @Test
    void aNewMemberOfTheHouseholdTableReachesThePoolThroughItsHousehold() {
        String hh = departments.examples(1).householdNumber().orElseThrow();
        String baby = IdentityNumbers.valid(hh.substring(0, 6), "20251120", 17);
        execute("hukou", "INSERT INTO hukou.residents (id, sfzh, xm, xb, mz, csrq, hjdz) "
                + "SELECT 90001, ?, '测试宝', '1', '01', '20251120', dz FROM hukou.hu WHERE hh = ?", baby, hh);
        execute("hukou", "INSERT INTO hukou.hu_cy (id, hh, sfzh, xm, yhzgx) VALUES (90001, ?, ?, '测试宝', '20')", hh, baby);

        Patience.await().untilAsserted(() -> {
            JsonNode members = api.get("/v1/subjects/" + hh + "/household").body().get("fields").get("members").get("value");
            assertThat(members.findValuesAsText("citizenId")).contains(baby);
        });
        Patience.await().until(() -> api.get("/v1/subjects/" + baby + "/person").status() == 200);
    }

    @Test
    void marriageOfTheFirstResidentNamesBothSpouses() {
        String djzh = departments.examples(1).registrationNumber().orElseThrow();

        JsonNode fields = api.get("/v1/subjects/" + djzh + "/marriage").body().get("fields");

        assertThat(fields.get("kind").get("value").asText()).isEqualTo("MARRIAGE");
        assertThat(fields.get("spouse1CitizenId").get("value").asText()).isEqualTo(firstResident);
        String spouse2 = fields.get("spouse2CitizenId").get("value").asText();
        assertThat(query("hukou", "SELECT count(*) FROM hukou.hu_cy WHERE sfzh = ? AND yhzgx = '10'", spouse2)).isEqualTo(1);
        assertThat(fields.get("registrationDate").get("value").asText()).matches("\\d{4}-\\d{2}-\\d{2}");
        assertThat(fields.get("kind").get("department").asText()).isEqualTo("civil-affairs");
    }

    @Test
    void enrolmentOfTheFirstResidentNamesAnEnterpriseAsEmployer() {
        String cbbh = departments.examples(1).enrolmentNumber().orElseThrow();

        JsonNode fields = api.get("/v1/subjects/" + cbbh + "/socialinsurance").body().get("fields");

        assertThat(fields.get("citizenId").get("value").asText()).isEqualTo(firstResident);
        assertThat(fields.get("scheme").get("value").asText()).isEqualTo("PENSION");
        assertThat(fields.get("status").get("value").asText()).isEqualTo("ACTIVE");
        String employer = fields.get("employerCreditCode").get("value").asText();
        assertThat(CreditCodes.isValid(employer)).isTrue();
        assertThat(query("scjg", "SELECT count(*) FROM scjg.qyxx WHERE tyshxydm = ? AND djzt = '存续'", employer)).isEqualTo(1);
        assertThat(fields.get("startDate").get("value").asText()).matches("\\d{4}-\\d{2}-\\d{2}");
        assertThat(fields.get("scheme").get("source").asText()).isEqualTo("social-security-enrolment");
    }

    @Test
    void certificatesArriveWithTheirStatusRevokedOnesIncluded() {
        String marriageCertificate = departments.examples(1).certificateNumber().orElseThrow();
        JsonNode fields = api.get("/v1/subjects/" + marriageCertificate + "/certificate").body().get("fields");
        assertThat(fields.get("certificateType").get("value").asText()).isEqualTo("结婚证");
        assertThat(fields.get("holderKind").get("value").asText()).isEqualTo("PERSON");
        assertThat(fields.get("holderId").get("value").asText()).isEqualTo(firstResident);
        assertThat(fields.get("issuingDepartment").get("value").asText()).isEqualTo("civil-affairs");
        assertThat(fields.get("documentDigest").get("value").asText()).matches("[0-9a-f]{64}");

        String revoked = queryString("dzzz", "SELECT zzbh FROM dzzz.zzxx WHERE zt = '吊销' ORDER BY id LIMIT 1");
        JsonNode licence = api.get("/v1/subjects/" + revoked + "/certificate").body().get("fields");
        assertThat(licence.get("status").get("value").asText()).isEqualTo("REVOKED");
        assertThat(licence.get("holderKind").get("value").asText()).isEqualTo("ORGANISATION");
        assertThat(query("scjg", "SELECT count(*) FROM scjg.qyxx WHERE tyshxydm = ? AND djzt = '吊销'",
                licence.get("holderId").get("value").asText())).isEqualTo(1);
    }

    @Test
    void dbaSetupGivesOnceOnlyReadAccessToTheSharedTablesOnly() throws SQLException {
        assertThat(queryString("hukou", "SELECT string_agg(schemaname || '.' || tablename, ',' ORDER BY tablename) "
                + "FROM pg_publication_tables WHERE pubname = 'onceonly_public_security_hukou'")).isEqualTo("hukou.hu,hukou.residents");
        assertThat(queryString("minzheng", "SELECT string_agg(schemaname || '.' || tablename, ',') "
                + "FROM pg_publication_tables WHERE pubname = 'onceonly_civil_affairs_marriage'")).isEqualTo("hydj.djxx");
        assertThat(queryString("shebao", "SELECT string_agg(schemaname || '.' || tablename, ',') "
                + "FROM pg_publication_tables WHERE pubname = 'onceonly_social_security_enrolment'")).isEqualTo("cbdj.cbxx");
        assertThat(queryString("dzzz", "SELECT string_agg(schemaname || '.' || tablename, ',') "
                + "FROM pg_publication_tables WHERE pubname = 'onceonly_certificate_centre_licences'")).isEqualTo("dzzz.zzxx");
        assertThat(query("scjg", "SELECT count(*) FROM pg_publication")).isZero();
        assertThat(queryString("hukou", "SELECT relreplident::text FROM pg_class WHERE oid = 'hukou.hu'::regclass")).isEqualTo("f");
        assertThat(queryString("hukou", "SELECT rolreplication::text FROM pg_roles WHERE rolname = 'onceonly_cdc'")).isEqualTo("true");
        assertThat(queryString("scjg", "SELECT rolreplication::text FROM pg_roles WHERE rolname = 'onceonly_reader'")).isEqualTo("false");
        assertThat(queryString("scjg", "SELECT indexdef FROM pg_indexes WHERE tablename = 'qyxx' AND indexdef LIKE '%(gxsj, tyshxydm)%'"))
                .isNotNull();

        assertThat(queryAs("onceonly_reader", "scjg", "SELECT count(*) FROM scjg.qyxx")).isEqualTo(RESIDENTS / 25);
        assertThatThrownBy(() -> queryAs("onceonly_reader", "scjg", "DELETE FROM scjg.qyxx RETURNING 1"))
                .hasMessageContaining("permission denied");
        assertThat(queryAs("onceonly_cdc", "shebao", "SELECT count(*) FROM cbdj.cbxx")).isPositive();
        assertThatThrownBy(() -> queryAs("onceonly_cdc", "hukou", "SELECT count(*) FROM hukou.hu_cy"))
                .hasMessageContaining("permission denied");
        assertThatThrownBy(() -> queryAs("onceonly_cdc", "dzzz", "UPDATE dzzz.zzxx SET zt = '有效' RETURNING 1"))
                .hasMessageContaining("permission denied");
    }

    @Test
    void preparingAgainChangesNothing() {
        long certificates = count("dzzz", "dzzz.zzxx");
        DemoDepartments again = DemoDepartments.prepare(demo.server().server(), RESIDENTS, demo.secrets());

        assertThat(again.examples(1).identityNumbers()).containsExactly(firstResident);
        assertThat(count("dzzz", "dzzz.zzxx")).isEqualTo(certificates);
        assertThat(count("hukou", "hukou.residents")).isGreaterThanOrEqualTo(RESIDENTS);
    }

    private static long poolCount(String entity) {
        return hub.pool().count(entity);
    }

    private static long count(String database, String table) {
        return query(database, "SELECT count(*) FROM " + table);
    }

    private static long query(String database, String sql, Object... parameters) {
        return Long.parseLong(queryString(database, sql, parameters));
    }

    private static String queryString(String database, String sql, Object... parameters) {
        try (Connection connection = demo.dataSource(database).getConnection();
             PreparedStatement select = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                select.setObject(i + 1, parameters[i]);
            }
            try (ResultSet row = select.executeQuery()) {
                return row.next() ? row.getString(1) : null;
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    /** A query as one of the roles the DBA created (the embedded server trusts loopback, so no password). */
    private static long queryAs(String role, String database, String sql) throws SQLException {
        try (Connection connection = java.sql.DriverManager.getConnection(demo.jdbcUrl(database), role, "");
             Statement statement = connection.createStatement(); ResultSet row = statement.executeQuery(sql)) {
            List<Long> values = new ArrayList<>();
            while (row.next()) {
                values.add(row.getLong(1));
            }
            return values.isEmpty() ? 0 : values.get(0);
        }
    }

    private static void execute(String database, String sql, Object... parameters) {
        try (Connection connection = demo.dataSource(database).getConnection();
             PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i]);
            }
            statement.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }
}
