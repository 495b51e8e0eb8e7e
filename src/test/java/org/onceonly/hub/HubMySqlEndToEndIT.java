package org.onceonly.hub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.onceonly.testkit.PoolAssert.assertPool;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.onceonly.testkit.ApiClient;
import org.onceonly.testkit.BinlogDepartment;
import org.onceonly.testkit.HubExtension;
import org.onceonly.testkit.IdentityNumbers;
import org.onceonly.testkit.Patience;

/**
 * A MySQL department database captured by Debezium's MySQL connector, end to end. No MySQL server can be
 * installed on the project's machines (Debian ships MariaDB, which the {@code mariadb} kind covers), so
 * this test runs only against a server named by the environment:
 *
 * <pre>
 * ONCEONLY_MYSQL_URL=jdbc:mysql://host:3306/somedb   # the test creates, and finally drops, somedb.onceonly_test_residents
 * ONCEONLY_MYSQL_USER=...       # CREATE, DROP, SELECT, INSERT, UPDATE, DELETE on somedb; RELOAD, REPLICATION SLAVE,
 * ONCEONLY_MYSQL_PASSWORD=...   # REPLICATION CLIENT on *.* (it is also the capture account)
 * </pre>
 *
 * The server needs {@code log_bin}, {@code binlog_format=ROW}, {@code binlog_row_image=FULL} and a
 * {@code server_id} outside 5400–6399. Without {@code ONCEONLY_MYSQL_URL} the test is skipped, also under
 * {@code ONCEONLY_REQUIRE_SERVERS=true}: CI cannot provide a MySQL server.
 */
class HubMySqlEndToEndIT {
    private static final int RESIDENTS = 20;
    private static final Pattern MYSQL_URL = Pattern.compile("jdbc:mysql://([^:/?]+)(?::(\\d+))?/([A-Za-z_][A-Za-z0-9_]*)(?:\\?.*)?");

    @TempDir
    Path directory;
    @RegisterExtension
    final HubExtension hub = HubExtension.inProcess().startedByTest();
    ApiClient api;

    @Test
    void snapshotInsertUpdateAndDeleteInAMySqlTableReachThePoolApi() {
        String url = System.getenv("ONCEONLY_MYSQL_URL");
        Assumptions.assumeTrue(url != null && !url.isBlank(), "skipped: ONCEONLY_MYSQL_URL is not set. The mysql kind's "
                + "end-to-end test needs a real MySQL server, which cannot be installed on these machines; set "
                + "ONCEONLY_MYSQL_URL=jdbc:mysql://host:port/db, ONCEONLY_MYSQL_USER and ONCEONLY_MYSQL_PASSWORD to run it");
        BinlogDepartment department = department(url);
        try {
            hub.start(config -> config.with(HubSettings.CONNECTORS, department.connectors()).with(HubSettings.ROUTES, department.routes()));
            api = hub.api();
            Patience.await().untilAsserted(() ->
                    assertThat(hub.pool().values("Person", "registeredAddress")).isEqualTo(department.addressesByIdentityNumber()));

            String inserted = IdentityNumbers.valid("310104", "19900704", 517);
            department.insertResident(30_001L, inserted, "日志乙", "2", "19900704", "上海市徐汇区日志路2号");
            JsonNode address = awaitPerson(inserted).get("fields").get("registeredAddress");
            assertThat(address.get("source").asText()).isEqualTo(department.sourceId());
            assertThat(address.get("position").asText()).matches("bin:\\d{10}:\\d{19}:\\d{10}");

            String moved = department.identityNumberOf(2);
            department.moveResident(2L, "杭州市西湖区日志路9号");
            Patience.await().until(() -> "杭州市西湖区日志路9号".equals(
                    api.get("/v1/subjects/" + moved + "/person").body().path("fields").path("registeredAddress").path("value").asText()));

            String deleted = department.identityNumberOf(3);
            department.deleteResident(3L);
            Patience.await().until(() -> api.get("/v1/subjects/" + deleted + "/person").status() == 404);
            assertPool(hub.pool()).quarantinedNothing();
        } finally {
            hub.stop();
            department.dropTable();
        }
    }

    /** The residents table on the named server; its account doubles as the capture account. */
    private BinlogDepartment department(String url) {
        Matcher parts = MYSQL_URL.matcher(url);
        assertThat(parts.matches()).as("ONCEONLY_MYSQL_URL must look like jdbc:mysql://host:port/db").isTrue();
        String user = System.getenv("ONCEONLY_MYSQL_USER");
        assertThat(user).as("ONCEONLY_MYSQL_USER (set with ONCEONLY_MYSQL_URL)").isNotBlank();
        String password = System.getenv("ONCEONLY_MYSQL_PASSWORD");
        assertThat(password).as("ONCEONLY_MYSQL_PASSWORD (set with ONCEONLY_MYSQL_URL)").isNotNull();
        int port = parts.group(2) == null ? 3306 : Integer.parseInt(parts.group(2));
        return BinlogDepartment.create("mysql", new BinlogDepartment.Server(url, user, password, parts.group(1), port),
                parts.group(3), "onceonly_test_residents", user, "${env:ONCEONLY_MYSQL_PASSWORD}", directory, RESIDENTS);
    }

    private JsonNode awaitPerson(String identityNumber) {
        Patience.await().until(() -> api.get("/v1/subjects/" + identityNumber + "/person").status() == 200);
        return api.get("/v1/subjects/" + identityNumber + "/person").body();
    }
}
