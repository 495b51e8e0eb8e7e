package org.onceonly.hub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.onceonly.identity.CitizenId;
import org.onceonly.testkit.ApiClient;
import org.onceonly.testkit.TestDepartment;
import org.onceonly.testkit.TestHubs;

/**
 * The walking skeleton end to end: a real department PostgreSQL captured by Debezium, the project's own
 * route and schema, a real pool PostgreSQL, and the HTTP API.
 */
public class HubEndToEndTest {
    private static final int RESIDENTS = 100;
    private static final Duration PATIENCE = Duration.ofSeconds(60);

    @TempDir
    static Path directory;
    static TestDepartment department;
    static Hub hub;
    static ApiClient api;

    @BeforeAll
    static void start() {
        department = TestDepartment.start(directory, RESIDENTS);
        hub = Hub.start(TestHubs.config(directory, department.connectors()));
        api = new ApiClient(hub.config().httpPort());
        await().atMost(PATIENCE).until(() -> TestHubs.count(hub, "SELECT count(*) FROM golden_record") >= RESIDENTS);
    }

    @AfterAll
    static void stop() {
        if (hub != null) {
            hub.close();
        }
        if (department != null) {
            department.close();
        }
    }

    @Test
    void initialSnapshotBringsEverySeededResidentIntoThePool() {
        assertThat(TestHubs.poolAddresses(hub)).containsAllEntriesOf(department.addressesByIdentityNumber());
    }

    @Test
    void insertedResidentIsServedWithPerFieldProvenance() {
        String id = identityNumber("110105", "19880512", 123);
        department.execute("INSERT INTO hukou.residents (id, sfzh, xm, xb, mz, csrq, hjdz) VALUES (?, ?, ?, ?, ?, ?, ?)",
                10_001L, id, "测试甲", "1", "01", "19880512", "北京市朝阳区测试路1号");

        JsonNode fields = awaitPerson(id).get("fields");

        assertThat(fields.get("name").get("value").asText()).isEqualTo("测试甲");
        assertThat(fields.get("birthDate").get("value").asText()).isEqualTo("1988-05-12");
        assertThat(fields.get("gender").get("value").asText()).isEqualTo("1");
        JsonNode address = fields.get("registeredAddress");
        assertThat(address.get("value").asText()).isEqualTo("北京市朝阳区测试路1号");
        assertThat(address.get("source").asText()).isEqualTo("public-security-hukou");
        assertThat(address.get("department").asText()).isEqualTo("public-security");
        assertThat(Instant.parse(address.get("asOf").asText())).isAfter(Instant.now().minusSeconds(120));
    }

    @Test
    void updateInDepartmentMovesTheValueAndItsAsOf() {
        String id = department.identityNumberOf(2);
        Instant before = Instant.parse(awaitPerson(id).get("fields").get("registeredAddress").get("asOf").asText());

        department.execute("UPDATE hukou.residents SET hjdz = ?, gxsj = now() WHERE id = ?", "上海市徐汇区新址路8号", 2L);

        await().atMost(PATIENCE).untilAsserted(() -> {
            JsonNode address = api.get("/v1/subjects/" + id + "/person").body().get("fields").get("registeredAddress");
            assertThat(address.get("value").asText()).isEqualTo("上海市徐汇区新址路8号");
            assertThat(Instant.parse(address.get("asOf").asText())).isAfter(before);
        });
    }

    @Test
    void deleteInDepartmentRemovesTheSubjectsRecord() {
        String id = department.identityNumberOf(3);
        awaitPerson(id);

        department.execute("DELETE FROM hukou.residents WHERE id = ?", 3L);

        await().atMost(PATIENCE).until(() -> api.get("/v1/subjects/" + id + "/person").status() == 404);
        assertThat(TestHubs.count(hub, "SELECT count(*) FROM history WHERE op = 'd'")).isGreaterThanOrEqualTo(1);
    }

    @Test
    void identityNumberFailingItsChecksumIsA400WithJsonError() {
        String valid = department.identityNumberOf(1);
        char wrong = valid.charAt(17) == '1' ? '2' : '1';

        ApiClient.Response response = api.get("/v1/subjects/" + valid.substring(0, 17) + wrong + "/person");

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.contentType()).startsWith("application/json");
        assertThat(response.body().get("error").asText()).isEqualTo("invalid_subject");
        assertThat(response.body().get("message").asText()).contains("check character").doesNotContain(valid.substring(0, 17));
    }

    @Test
    void unknownSubjectIsA404WithJsonError() {
        ApiClient.Response response = api.get("/v1/subjects/" + identityNumber("310104", "19700101", 998) + "/person");

        assertThat(response.status()).isEqualTo(404);
        assertThat(response.body().get("error").asText()).isEqualTo("not_found");
    }

    @Test
    void unknownEntityIsA404() {
        ApiClient.Response response = api.get("/v1/subjects/" + department.identityNumberOf(1) + "/spaceship");

        assertThat(response.status()).isEqualTo(404);
        assertThat(response.body().get("error").asText()).isEqualTo("unknown_entity");
    }

    @Test
    void rowWithInvalidIdentityNumberGoesToQuarantineAndTheStreamContinues() {
        String bad = identityNumber("440305", "19950101", 456);
        bad = bad.substring(0, 17) + (bad.charAt(17) == '1' ? '2' : '1');
        department.execute("INSERT INTO hukou.residents (id, sfzh, xm, xb, mz, csrq, hjdz) VALUES (?, ?, ?, ?, ?, ?, ?)",
                10_002L, bad, "测试乙", "2", "01", "19950101", "深圳市南山区");
        String good = identityNumber("440305", "19950102", 458);
        department.execute("INSERT INTO hukou.residents (id, sfzh, xm, xb, mz, csrq, hjdz) VALUES (?, ?, ?, ?, ?, ?, ?)",
                10_003L, good, "测试丙", "2", "01", "19950102", "深圳市南山区");

        awaitPerson(good);
        assertThat(TestHubs.queryMap(hub, "SELECT row_key, reasons::text FROM quarantine"))
                .hasEntrySatisfying("{\"id\":10002}", reasons -> assertThat(reasons).contains("check character"));
    }

    private JsonNode awaitPerson(String identityNumber) {
        await().atMost(PATIENCE).until(() -> api.get("/v1/subjects/" + identityNumber + "/person").status() == 200);
        return api.get("/v1/subjects/" + identityNumber + "/person").body();
    }

    public static String identityNumber(String region, String birth, int sequence) {
        String first17 = region + birth + String.format("%03d", sequence);
        return first17 + CitizenId.checkCharacter(first17);
    }
}
