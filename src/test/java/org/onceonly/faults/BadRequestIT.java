/*
 * Copyright 2026 The OnceOnly Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.onceonly.faults;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.onceonly.hub.HubSettings;
import org.onceonly.testkit.ApiClient;
import org.onceonly.testkit.Department;
import org.onceonly.testkit.HubExtension;
import org.onceonly.testkit.Patience;
import org.onceonly.testkit.RawHttp;
import org.onceonly.testkit.TestDepartment;
import org.onceonly.testkit.TestHubs;

/**
 * Bad requests to every endpoint of a running hub — malformed JSON, wrong types, huge bodies, unknown
 * fields, path traversal, SQL metacharacters in every parameter, wrong methods and media types: each is
 * answered with a 4xx and a JSON error ({@code {"error", "message"}}), never a 500, never a stack trace,
 * and none of them changes the pool. The table is {@link #badRequests()}: one row per request.
 */
@Tag("faults")
class BadRequestIT {
    private static final String SOURCE = TestDepartment.SOURCE_ID;
    /** Short, so that the slow and stalled requests below are cut off in seconds. */
    
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Text that would change a query built by concatenation, in the forms attackers send it. */
    private static final List<String> SQL = List.of("' OR '1'='1", "1; DROP TABLE quarantine; --", "\" OR \"\"=\"", "%' --",
            "1) UNION SELECT * FROM golden_record --", "\\'; SELECT pg_sleep(5); --", "$$; TRUNCATE history; $$");
    private static final List<String> TRAVERSAL = List.of("../../../../etc/passwd", "..%2F..%2Fetc%2Fpasswd", "....//....//etc/passwd",
            "%2e%2e%2f%2e%2e%2fetc%2fpasswd", "..%5C..%5Cwindows%5Cwin.ini", "/etc/passwd%00.json");

    @Department(residents = 50)
    static TestDepartment department;
    @RegisterExtension
    static final HubExtension hub = FaultHubs.process().configuredBy(config -> config.with(HubSettings.HTTP_IDLE_TIMEOUT, 6)
            .with(HubSettings.HTTP_HEADER_TIMEOUT, 2).with(HubSettings.HTTP_BODY_TIMEOUT, 3));
    static ApiClient api;
    static long poolRows;

    /** One bad request: what is sent, and optionally the one status it must get; {@code anonymous}: without any token. */
    record BadRequest(String what, String method, String path, String contentType, String body, int status, boolean anonymous) {
        BadRequest(String what, String method, String path, String contentType, String body, int status) {
            this(what, method, path, contentType, body, status, false);
        }

        static BadRequest get(String what, String path) {
            return new BadRequest(what, "GET", path, null, null, 0);
        }

        static BadRequest post(String what, String path, String contentType, String body) {
            return new BadRequest(what, "POST", path, contentType, body, 0);
        }

        BadRequest expecting(int exactStatus) {
            return new BadRequest(what, method, path, contentType, body, exactStatus, anonymous);
        }

        /** Sent without an Authorization header (whatever the query or body carries). */
        BadRequest anonymously() {
            return new BadRequest(what, method, path, contentType, body, status, true);
        }

        @Override
        public String toString() {
            return method + " " + (path.length() > 80 ? path.substring(0, 80) + "..." : path) + " (" + what + ")";
        }
    }

    @BeforeAll
    static void awaitSnapshot() {
        api = hub.api();
        Patience.await().until(() -> poolRows() == 50);
        poolRows = poolRows();
    }

    @AfterAll
    static void poolStillEqualsTheDepartment() {
        // After every bad request: the pool still equals the department, row by row.
        PoolChecks.awaitPoolEqualsDepartment(hub.pool(), department, Duration.ofSeconds(30));
    }

    static Stream<BadRequest> badRequests() {
        List<BadRequest> table = new ArrayList<>();
        String citizen = "11010519491231002X";
        // Subjects (public read API).
        table.add(BadRequest.get("check character wrong", "/v1/subjects/110105194912310021").expecting(400));
        table.add(BadRequest.get("unknown entity", "/v1/subjects/" + citizen + "/spaceship").expecting(404));
        table.add(BadRequest.get("asOf not an instant", "/v1/subjects/" + citizen + "/person?asOf=yesterday").expecting(400));
        table.add(BadRequest.get("asOf far out of range", "/v1/subjects/" + citizen + "/person?asOf=%2B999999999-12-31T23:59:59Z"));
        table.add(BadRequest.get("subject of 4,000 characters", "/v1/subjects/" + "1".repeat(4_000)).expecting(400));
        table.add(BadRequest.get("subject with control characters", "/v1/subjects/" + encode("a\u0000b\u001b[31m")));
        table.add(BadRequest.get("subject with Unicode", "/v1/subjects/" + encode("张三👨‍👩‍👧") + "/person"));
        // Conflicts (data stewards).
        table.add(BadRequest.get("limit not a number", "/v1/admin/conflicts?limit=ten").expecting(400));
        table.add(BadRequest.get("limit too large", "/v1/admin/conflicts?limit=99999999999").expecting(400));
        table.add(BadRequest.get("limit negative", "/v1/admin/conflicts?limit=-1").expecting(400));
        table.add(BadRequest.get("unknown entity", "/v1/admin/conflicts?entity=Spaceship").expecting(400));
        // Quarantine (data stewards).
        table.add(BadRequest.get("status unknown", "/v1/admin/quarantine?status=lost").expecting(400));
        table.add(BadRequest.get("limit not a number", "/v1/admin/quarantine?limit=1e3").expecting(400));
        table.add(BadRequest.get("id not a number", "/v1/admin/quarantine/seventeen").expecting(400));
        table.add(BadRequest.get("id beyond 64 bits", "/v1/admin/quarantine/99999999999999999999999").expecting(400));
        table.add(BadRequest.get("no such entry", "/v1/admin/quarantine/123456789").expecting(404));
        // Admin reads of personal data, under the test operator's stewardship grant.
        table.add(BadRequest.get("conflicts: department not a name", "/v1/admin/conflicts?department=..%2Fetc").expecting(400));
        table.add(BadRequest.get("corrections: department not a name", "/v1/admin/corrections?department=Civil%20Affairs").expecting(400));
        table.add(BadRequest.get("corrections: department twice", "/v1/admin/corrections?department=a&department=b").expecting(400));
        table.add(BadRequest.post("resolve: no such correction", "/v1/admin/corrections/123456789/resolve", "application/json",
                "{\"outcome\": \"accepted\", \"note\": \"x\"}").expecting(404));
        table.add(BadRequest.post("replay all: source not a name", "/v1/admin/quarantine/replay?source=..%2Fx", null, null).expecting(400));
        table.add(BadRequest.get("access log: limit zero", "/v1/subjects/" + citizen + "/access-log?limit=0").expecting(400));
        table.add(BadRequest.get("access log: a record number", "/v1/subjects/J110105-2020-000001/access-log").expecting(400));
        table.add(BadRequest.get("asOf a date without a time", "/v1/subjects/" + citizen + "/person?asOf=2026-01-01").expecting(400));
        table.add(BadRequest.post("id not a number", "/v1/admin/quarantine/x/replay", null, null).expecting(400));
        table.add(BadRequest.post("no such entry", "/v1/admin/quarantine/123456789/replay", null, null).expecting(404));
        table.add(BadRequest.post("discard: malformed JSON", "/v1/admin/quarantine/1/discard", "application/json", "{\"note\": ").expecting(400));
        table.add(BadRequest.post("discard: not an object", "/v1/admin/quarantine/1/discard", "application/json", "[\"note\"]").expecting(400));
        table.add(BadRequest.post("discard: note of the wrong type", "/v1/admin/quarantine/1/discard", "application/json", "{\"note\": 17}").expecting(400));
        table.add(BadRequest.post("discard: note missing", "/v1/admin/quarantine/1/discard", "application/json", "{}").expecting(400));
        table.add(BadRequest.post("discard: unknown field", "/v1/admin/quarantine/1/discard", "application/json",
                "{\"note\": \"fixed\", \"force\": true}").expecting(400));
        table.add(BadRequest.post("discard: huge body", "/v1/admin/quarantine/1/discard", "application/json",
                "{\"note\": \"" + "x".repeat(12 * 1024 * 1024) + "\"}").expecting(413));
        // Sources (DBAs).
        table.add(BadRequest.get("no such source", "/v1/admin/sources/no-such-source").expecting(404));
        table.add(BadRequest.post("pause: no such source", "/v1/admin/sources/no-such-source/pause", null, null).expecting(404));
        table.add(BadRequest.post("resnapshot: malformed JSON", "/v1/admin/sources/" + SOURCE + "/resnapshot", "application/json", "{\"tables\": [").expecting(400));
        table.add(BadRequest.post("resnapshot: tables not a list", "/v1/admin/sources/" + SOURCE + "/resnapshot", "application/json",
                "{\"tables\": \"hukou.residents\"}").expecting(400));
        table.add(BadRequest.post("resnapshot: table of the wrong type", "/v1/admin/sources/" + SOURCE + "/resnapshot", "application/json",
                "{\"tables\": [42]}").expecting(400));
        table.add(BadRequest.post("resnapshot: unknown field", "/v1/admin/sources/" + SOURCE + "/resnapshot", "application/json",
                "{\"tables\": [\"hukou.residents\"], \"mode\": \"blocking\"}").expecting(400));
        table.add(BadRequest.post("resnapshot: table not captured", "/v1/admin/sources/" + SOURCE + "/resnapshot?table=hukou.passwords", null, null).expecting(400));
        table.add(BadRequest.post("register: malformed YAML", "/v1/admin/sources", "application/yaml", "id: [unclosed\n  kind: {").expecting(400));
        table.add(BadRequest.post("register: empty", "/v1/admin/sources", "application/yaml", "").expecting(400));
        table.add(BadRequest.post("register: unknown key", "/v1/admin/sources", "application/yaml", "id: x\nprot: 1\n").expecting(400));
        table.add(BadRequest.post("register: a literal password", "/v1/admin/sources", "application/yaml", """
                id: literal-password
                department: public-security
                owner: dba@ps.test
                kind: postgres
                host: 127.0.0.1
                port: 5432
                database: hukou
                user: onceonly_cdc
                password: hunter2
                tables: [hukou.residents]
                """).expecting(400));
        table.add(BadRequest.post("register: secret file outside reach", "/v1/admin/sources", "application/yaml", """
                id: traversal
                department: public-security
                owner: dba@ps.test
                kind: postgres
                host: 127.0.0.1
                port: 1
                database: hukou
                user: onceonly_cdc
                password: ${file:../../../../etc/shadow}
                tables: [hukou.residents]
                """));
        table.add(BadRequest.post("register: YAML bomb", "/v1/admin/sources", "application/yaml", yamlBomb()).expecting(400));
        table.add(BadRequest.post("register: JSON instead of YAML", "/v1/admin/sources", "application/json", "{\"id\": \"x\"}"));
        table.add(BadRequest.post("register: huge body", "/v1/admin/sources", "application/yaml", "# " + "x".repeat(12 * 1024 * 1024)).expecting(413));
        // Prefill, forms and the catalogue (platform services).
        table.add(BadRequest.post("prefill: malformed JSON", "/v1/prefill", "application/json", "{\"form\": ").expecting(400));
        table.add(BadRequest.post("prefill: not an object", "/v1/prefill", "application/json", "[]").expecting(400));
        table.add(BadRequest.post("prefill: form of the wrong type", "/v1/prefill", "application/json",
                "{\"form\": [1], \"subject\": \"" + citizen + "\"}").expecting(400));
        table.add(BadRequest.post("prefill: unknown field", "/v1/prefill", "application/json",
                "{\"form\": \"marriage-registration\", \"subject\": \"" + citizen + "\", \"debug\": true}").expecting(400));
        table.add(BadRequest.post("prefill: subject missing", "/v1/prefill", "application/json", "{\"form\": \"marriage-registration\"}").expecting(400));
        table.add(BadRequest.post("prefill: unknown form", "/v1/prefill", "application/json",
                "{\"form\": \"tax-return\", \"subject\": \"" + citizen + "\"}").expecting(404));
        table.add(BadRequest.post("prefill: huge body", "/v1/prefill", "application/json",
                "{\"form\": \"" + "x".repeat(12 * 1024 * 1024) + "\"}").expecting(413));
        table.add(BadRequest.get("coverage: window not a number", "/v1/forms/marriage-registration/coverage?window=all").expecting(400));
        table.add(BadRequest.get("coverage: unknown form", "/v1/forms/tax-return/coverage").expecting(404));
        // Materials and corrections.
        table.add(BadRequest.get("material: ref not sha256", "/v1/materials/not-a-ref?subject=" + citizen).expecting(400));
        table.add(BadRequest.post("upload: not multipart", "/v1/materials", "application/json", "{\"file\": \"x\"}"));
        table.add(BadRequest.post("verify: malformed JSON", "/v1/materials/verify", "application/json", "{").expecting(400));
        table.add(BadRequest.post("correction: unknown entity", "/v1/corrections", "application/json",
                "{\"subject\": \"" + citizen + "\", \"entity\": \"Spaceship\", \"field\": \"x\", \"note\": \"n\"}"));
        table.add(BadRequest.post("resolve: outcome unknown", "/v1/admin/corrections/1/resolve", "application/json",
                "{\"outcome\": \"maybe\", \"note\": \"n\"}"));
        // Anything else.
        table.add(BadRequest.get("unknown path", "/v1/nothing-here").expecting(404));
        table.add(new BadRequest("method not allowed", "DELETE", "/v1/subjects/" + citizen, null, null, 405));
        table.add(new BadRequest("method not allowed", "PUT", "/v1/admin/quarantine/1/discard", "application/json", "{\"note\":\"x\"}", 405));
        table.add(new BadRequest("method not allowed", "PATCH", "/v1/prefill", "application/json", "{}", 405));
        // Credentials only from the Authorization header: never from the query, a form field or the body.
        table.add(BadRequest.get("platform token in the query", "/v1/subjects/" + citizen + "/person?Authorization="
                + encode("Bearer " + TestHubs.PLATFORM_TOKEN) + "&purpose=" + TestHubs.PURPOSE).anonymously().expecting(401));
        table.add(BadRequest.get("administrator token in the query", "/v1/admin/sources?Authorization="
                + encode("Bearer " + TestHubs.ADMIN_TOKEN) + "&access_token=" + TestHubs.ADMIN_TOKEN).anonymously().expecting(401));
        table.add(BadRequest.post("token in a multipart form field", "/v1/materials", "multipart/form-data; boundary=b",
                multipart("b", "Authorization", "Bearer " + TestHubs.PLATFORM_TOKEN)).anonymously().expecting(401));
        table.add(BadRequest.post("token in a urlencoded form", "/v1/prefill", "application/x-www-form-urlencoded",
                "Authorization=" + encode("Bearer " + TestHubs.PLATFORM_TOKEN)).anonymously().expecting(401));
        table.add(BadRequest.post("token in the JSON body", "/v1/prefill", "application/json",
                "{\"form\": \"marriage-registration\", \"subject\": \"" + citizen + "\", \"Authorization\": \"Bearer "
                        + TestHubs.PLATFORM_TOKEN + "\"}").anonymously().expecting(401));
        // Media types: 415 for a body the endpoint does not take, or one without a Content-Type.
        table.add(BadRequest.post("prefill as text", "/v1/prefill", "text/plain", "{\"form\": \"x\"}").expecting(415));
        table.add(BadRequest.post("prefill without a content type", "/v1/prefill", null, "{\"form\": \"x\"}").expecting(415));
        table.add(BadRequest.post("correction as a form", "/v1/corrections", "application/x-www-form-urlencoded", "note=x").expecting(415));
        table.add(BadRequest.post("upload as JSON", "/v1/materials", "application/json", "{\"file\": \"x\"}").expecting(415));
        table.add(BadRequest.post("register as JSON", "/v1/admin/sources", "application/json", "{\"id\": \"x\"}").expecting(415));
        // Strict JSON: one object, each key once, nothing after it, no NUL or lone surrogate, no coerced types.
        table.add(BadRequest.post("prefill: a key twice", "/v1/prefill", "application/json",
                "{\"form\": \"marriage-registration\", \"subject\": \"" + citizen + "\", \"subject\": \"110105194912310021\"}").expecting(400));
        table.add(BadRequest.post("prefill: trailing data", "/v1/prefill", "application/json",
                "{\"form\": \"marriage-registration\", \"subject\": \"" + citizen + "\"} trailing").expecting(400));
        table.add(BadRequest.post("prefill: a second object", "/v1/prefill", "application/json",
                "{\"form\": \"marriage-registration\", \"subject\": \"" + citizen + "\"}{\"form\": \"x\"}").expecting(400));
        table.add(BadRequest.post("prefill: a number for the form", "/v1/prefill", "application/json",
                "{\"form\": 17, \"subject\": \"" + citizen + "\"}").expecting(400));
        table.add(BadRequest.post("prefill: a boolean for the subject", "/v1/prefill", "application/json",
                "{\"form\": \"marriage-registration\", \"subject\": true}").expecting(400));
        table.add(BadRequest.post("prefill: NUL in the form", "/v1/prefill", "application/json",
                "{\"form\": \"marriage\\u0000registration\", \"subject\": \"" + citizen + "\"}").expecting(400));
        table.add(BadRequest.post("correction: NUL in the note", "/v1/corrections", "application/json",
                "{\"subject\": \"" + citizen + "\", \"entity\": \"Person\", \"field\": \"name\", \"note\": \"a\\u0000b\"}").expecting(400));
        table.add(BadRequest.post("correction: a lone surrogate in the note", "/v1/corrections", "application/json",
                "{\"subject\": \"" + citizen + "\", \"entity\": \"Person\", \"field\": \"name\", \"note\": \"\\ud800\"}").expecting(400));
        table.add(BadRequest.post("discard: a key twice", "/v1/admin/quarantine/1/discard", "application/json",
                "{\"note\": \"a\", \"note\": \"b\"}").expecting(400));
        table.add(BadRequest.post("prefill: purposes that differ", "/v1/prefill", "application/json",
                "{\"form\": \"marriage-registration\", \"subject\": \"" + citizen + "\", \"purpose\": \"marriage-registration\"}").expecting(400));
        // Parameters: unknown ones are refused, not ignored; an empty path segment is not another path.
        table.add(BadRequest.get("unknown query parameter", "/v1/catalog?debug=true").expecting(400));
        table.add(BadRequest.get("purpose in the query", "/v1/subjects/" + citizen + "/person?purpose=" + TestHubs.PURPOSE).expecting(400));
        table.add(BadRequest.get("limit given twice", "/v1/admin/conflicts?limit=1&limit=2").expecting(400));
        table.add(BadRequest.get("empty subject", "/v1/subjects//person").expecting(400));
        // Path traversal wherever a path carries a name or id.
        for (String traversal : TRAVERSAL) {
            table.add(BadRequest.get("path traversal as a subject", "/v1/subjects/" + traversal));
            table.add(BadRequest.get("path traversal as a subject", "/v1/subjects/" + encode(traversal) + "/person"));
            table.add(BadRequest.get("path traversal as an entity", "/v1/subjects/" + citizen + "/" + encode(traversal)));
            table.add(BadRequest.get("path traversal as a quarantine id", "/v1/admin/quarantine/" + encode(traversal)));
            table.add(BadRequest.get("path traversal as a source id", "/v1/admin/sources/" + encode(traversal)));
            table.add(BadRequest.get("path traversal as a material reference", "/v1/materials/" + encode(traversal) + "?subject=" + citizen));
            table.add(BadRequest.get("path traversal as a material reference", "/v1/materials/sha256:" + encode(traversal) + "?subject=" + citizen));
            table.add(BadRequest.get("path traversal as a form", "/v1/forms/" + encode(traversal)));
        }
        // SQL metacharacters in every parameter.
        for (String sql : SQL) {
            String q = encode(sql);
            table.add(BadRequest.get("SQL in the subject", "/v1/subjects/" + q));
            table.add(BadRequest.get("SQL in the subject", "/v1/subjects/" + q + "/person"));
            table.add(BadRequest.get("SQL in the entity", "/v1/subjects/" + citizen + "/" + q));
            table.add(BadRequest.get("SQL in asOf", "/v1/subjects/" + citizen + "/person?asOf=" + q));
            table.add(BadRequest.get("SQL in entity", "/v1/admin/conflicts?entity=" + q));
            table.add(BadRequest.get("SQL in department", "/v1/admin/conflicts?department=" + q));
            table.add(BadRequest.get("SQL in limit", "/v1/admin/conflicts?limit=" + q));
            table.add(BadRequest.get("SQL in source", "/v1/admin/quarantine?source=" + q));
            table.add(BadRequest.get("SQL in status", "/v1/admin/quarantine?status=" + q));
            table.add(BadRequest.get("SQL in limit", "/v1/admin/quarantine?limit=" + q));
            table.add(BadRequest.get("SQL in the id", "/v1/admin/quarantine/" + q));
            table.add(BadRequest.post("SQL in the id", "/v1/admin/quarantine/" + q + "/replay", null, null));
            table.add(BadRequest.post("SQL in source", "/v1/admin/quarantine/replay?source=" + q, null, null));
            table.add(BadRequest.post("SQL in the id", "/v1/admin/quarantine/" + q + "/discard", "application/json", "{\"note\": \"x\"}"));
            table.add(BadRequest.post("SQL in the note", "/v1/admin/quarantine/123456789/discard", "application/json",
                    "{\"note\": " + JSON.valueToTree(sql) + "}"));
            table.add(BadRequest.get("SQL in the source id", "/v1/admin/sources/" + q));
            table.add(BadRequest.post("SQL in the source id", "/v1/admin/sources/" + q + "/pause", null, null));
            table.add(BadRequest.post("SQL in the table", "/v1/admin/sources/" + SOURCE + "/resnapshot?table=" + q, null, null));
            table.add(BadRequest.post("SQL in the tables", "/v1/admin/sources/" + SOURCE + "/resnapshot", "application/json",
                    "{\"tables\": [" + JSON.valueToTree(sql) + "]}"));
            table.add(new BadRequest("SQL in the source id", "DELETE", "/v1/admin/sources/" + q, null, null, 0));
            table.add(BadRequest.post("SQL in the prefill subject", "/v1/prefill", "application/json",
                    "{\"form\": \"marriage-registration\", \"subject\": " + JSON.valueToTree(sql) + "}"));
            table.add(BadRequest.post("SQL in the prefill form", "/v1/prefill", "application/json",
                    "{\"form\": " + JSON.valueToTree(sql) + ", \"subject\": \"" + citizen + "\"}"));
            table.add(BadRequest.get("SQL in the form", "/v1/forms/" + q + "/coverage"));
            table.add(BadRequest.get("SQL in the access-log subject", "/v1/subjects/" + q + "/access-log"));
            table.add(BadRequest.get("SQL in the material reference", "/v1/materials/" + q + "?subject=" + citizen));
            table.add(BadRequest.get("SQL in the material subject", "/v1/materials/sha256:" + "0".repeat(64) + "?subject=" + q));
            table.add(BadRequest.get("SQL in the corrections filter", "/v1/admin/corrections?department=" + q));
        }
        return table.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badRequests")
    void badRequestGetsA4xxWithAJsonErrorAndNoStackTrace(BadRequest request) throws Exception {
        ApiClient.TextResponse response = (request.anonymous() ? api.as(null, null) : api)
                .exchange(request.method(), request.path(), request.contentType(), request.body());

        assertThat(response.status()).as("status, body %s", excerpt(response.body())).isBetween(400, 499);
        if (request.status() != 0) {
            assertThat(response.status()).as("status, body %s", excerpt(response.body())).isEqualTo(request.status());
        }
        assertThat(response.contentType()).as("content type, body %s", excerpt(response.body())).startsWith("application/json");
        JsonNode error = JSON.readTree(response.body());
        assertThat(error.path("error").asText()).as("error code in %s", excerpt(response.body())).matches("[a-z_]+");
        assertThat(error.path("message").asText()).as("message in %s", excerpt(response.body())).isNotBlank();
        assertThat(response.body()).doesNotContain("Exception").doesNotContain("\tat ").doesNotContain("org.onceonly")
                .doesNotContain(hub.home().toString()).doesNotContain("/tmp/")
                .doesNotContain("org.apache").doesNotContain("SQLSTATE").doesNotContain("root:");
        // Nothing was changed or dropped by it.
        assertThat(poolRows()).isEqualTo(poolRows);
        assertThat(hub.process().alive()).isTrue();
    }

    /**
     * A request line too long to parse is refused by Vert.x's HTTP decoder before the router sees it — still
     * with the API's JSON error (the server's invalid-request handler writes it), and nothing internal shown.
     */
    @Test
    void aRequestLineTooLongToParseIs414WithAJsonErrorAndShowsNothingInternal() throws Exception {
        ApiClient.TextResponse response = api.exchange("GET", "/v1/subjects/" + "1".repeat(10_000), null, null);

        assertThat(response.status()).isEqualTo(414);
        assertThat(response.contentType()).startsWith("application/json");
        assertThat(JSON.readTree(response.body()).path("error").asText()).isEqualTo("uri_too_long");
        assertThat(response.body()).doesNotContain("Exception").doesNotContain("\tat ");
        assertThat(hub.process().alive()).isTrue();
        assertThat(poolRows()).isEqualTo(poolRows);
    }

    /**
     * Request smuggling: a request naming its length twice (Content-Length and Transfer-Encoding) is refused
     * with 400 and the connection closed, so the request hidden in its body is never served.
     */
    @Test
    void contentLengthWithTransferEncodingIs400AndTheSmuggledRequestIsNeverServed() {
        String smuggled = "GET /v1/admin/sources HTTP/1.1\r\nHost: hub\r\nAuthorization: Bearer " + TestHubs.ADMIN_TOKEN + "\r\n\r\n";
        String body = "0\r\n\r\n" + smuggled;
        try (RawHttp connection = new RawHttp(hub.config().httpPort())) {
            String answer = connection.send("POST /v1/prefill HTTP/1.1\r\nHost: hub\r\nAuthorization: Bearer " + TestHubs.PLATFORM_TOKEN
                    + "\r\nContent-Type: application/json\r\nContent-Length: " + body.length() + "\r\nTransfer-Encoding: chunked\r\n\r\n" + body)
                    .readUntilClosed(Duration.ofSeconds(10));

            assertThat(answer).startsWith("HTTP/1.1 400").contains("\"error\":\"ambiguous_length\"");
            assertThat(answer).as("only one answer on the connection").containsOnlyOnce("HTTP/1.1").doesNotContain("\"sources\"");
        }
        assertThat(hub.process().alive()).isTrue();
    }

    /**
     * A chunk size that is not hexadecimal: nothing after it can be framed, so the connection is closed
     * without an answer — and the hub logs one line, no stack trace.
     */
    @Test
    void aMalformedChunkClosesTheConnectionAndIsLoggedInOneLineWithoutAStackTrace() {
        int linesBefore = hub.process().log().split("\n", -1).length;
        try (RawHttp connection = new RawHttp(hub.config().httpPort())) {
            String answer = connection.send("POST /v1/prefill HTTP/1.1\r\nHost: hub\r\nAuthorization: Bearer " + TestHubs.PLATFORM_TOKEN
                    + "\r\nX-Purpose: " + TestHubs.PURPOSE + "\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"
                    + "ZZ-not-a-size\r\n{\"form\": 1}\r\n0\r\n\r\n").readUntilClosed(Duration.ofSeconds(10));

            assertThat(answer).satisfiesAnyOf(closed -> assertThat(closed).isEmpty(), refused -> assertThat(refused).startsWith("HTTP/1.1 400"));
        }
        Patience.await().until(() -> hub.process().log().split("\n", -1).length > linesBefore);
        List<String> lines = List.of(hub.process().log().split("\n", -1));
        List<String> added = lines.subList(linesBefore - 1, lines.size());
        assertThat(String.join("\n", added)).doesNotContain("\tat ").doesNotContain("Exception in");
        // Only this request's lines: a connection an earlier test closed may be logged in the same window.
        assertThat(added.stream().filter(line -> (line.contains(" WARN ") || line.contains(" ERROR "))
                && (line.contains("chunk") || line.contains("/v1/prefill")))).as("%s", added)
                .singleElement().asString().contains("chunk");
    }

    /** However uploads end in this class's tests (cut off, stalled, refused), the hub's log shows no stack trace. */
    @AfterAll
    static void noStackTraceInTheHubsLog() {
        assertThat(hub.process().log()).doesNotContain("\tat io.vertx").doesNotContain("\tat io.netty").doesNotContain("Unhandled exception");
    }

    /** Without a token, a multipart body is not read: 401, and no byte of it reaches the upload directory. */
    @Test
    void anUnauthenticatedUploadIs401AndNothingOfItIsWrittenToDisk() throws Exception {
        byte[] file = new byte[2 * 1024 * 1024];
        String head = "--b\r\nContent-Disposition: form-data; name=\"file\"; filename=\"big.pdf\"\r\nContent-Type: application/pdf\r\n\r\n";
        try (RawHttp connection = new RawHttp(hub.config().httpPort())) {
            connection.send("POST /v1/materials HTTP/1.1\r\nHost: hub\r\nContent-Type: multipart/form-data; boundary=b\r\n"
                    + "Content-Length: " + (head.length() + file.length + 8) + "\r\n\r\n" + head);
            String answer = connection.send(file).send("\r\n--b--\r\n").readUntilClosed(Duration.ofSeconds(10));

            assertThat(answer).startsWith("HTTP/1.1 401");
            assertThat(uploads()).isEmpty();
        }
    }

    /** An upload whose client goes away mid-body leaves no file in the upload directory. */
    @Test
    void anUploadCutOffMidBodyLeavesNoFileBehind() {
        try (RawHttp connection = new RawHttp(hub.config().httpPort())) {
            startUpload(connection);
            Patience.await().atMost(Duration.ofSeconds(5)).until(() -> !uploads().isEmpty());
        }
        Patience.await().atMost(Duration.ofSeconds(10)).until(() -> uploads().isEmpty());
        assertThat(hub.process().alive()).isTrue();
    }

    /** An upload that stalls is answered 408 after the body timeout, and its partial file is deleted. */
    @Test
    void anUploadThatStallsTimesOutAndLeavesNoFileBehind() {
        try (RawHttp connection = new RawHttp(hub.config().httpPort())) {
            startUpload(connection);
            Patience.await().atMost(Duration.ofSeconds(5)).until(() -> !uploads().isEmpty());

            String answer = connection.readUntilClosed(Duration.ofSeconds(15));

            assertThat(answer).startsWith("HTTP/1.1 408").contains("request_timeout");
        }
        Patience.await().atMost(Duration.ofSeconds(10)).until(() -> uploads().isEmpty());
    }

    /** Headers that never finish do not hold a connection: it is closed after the header timeout. */
    @Test
    void headersSentTooSlowlyLoseTheirConnection() {
        try (RawHttp connection = new RawHttp(hub.config().httpPort())) {
            connection.send("GET /v1/catalog HTTP/1.1\r\nHost: hub\r\n");
            for (int i = 0; i < 3; i++) {
                LockSupport.parkNanos(Duration.ofMillis(500).toNanos());
                connection.send("X-Slow-" + i + ": 1\r\n");
            }
            assertThat(connection.closedWithin(Duration.ofSeconds(6))).isTrue();
        }
    }

    /** An authenticated upload's headers and the first 256 KiB of its file, without the closing boundary. */
    private static void startUpload(RawHttp connection) {
        byte[] part = new byte[256 * 1024];
        String head = "--b\r\nContent-Disposition: form-data; name=\"subject\"\r\n\r\n11010519491231002X\r\n"
                + "--b\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.pdf\"\r\nContent-Type: application/pdf\r\n\r\n%PDF-1.4\n";
        connection.send("POST /v1/materials HTTP/1.1\r\nHost: hub\r\nAuthorization: Bearer " + TestHubs.PLATFORM_TOKEN
                + "\r\nX-Purpose: " + TestHubs.PURPOSE + "\r\nContent-Type: multipart/form-data; boundary=b\r\nContent-Length: 10485760\r\n\r\n"
                + head).send(part);
    }

    /** The files in the hub's upload directory (under its data directory). */
    private static List<Path> uploads() throws IOException {
        try (Stream<Path> files = Files.walk(hub.home())) {
            return files.filter(Files::isRegularFile).filter(f -> f.getParent().getFileName().toString().equals("uploads")).toList();
        }
    }

    private static long poolRows() {
        return hub.pool().liveRows(SOURCE);
    }

    /** A multipart/form-data body of one form field. */
    private static String multipart(String boundary, String field, String value) {
        return "--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + field + "\"\r\n\r\n" + value + "\r\n--" + boundary + "--\r\n";
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** Nested aliases that expand to millions of nodes (the "billion laughs" of YAML). */
    private static String yamlBomb() {
        StringBuilder yaml = new StringBuilder("a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n");
        for (char c = 'b'; c <= 'i'; c++) {
            char previous = (char) (c - 1);
            yaml.append(c).append(": &").append(c).append(" [");
            for (int i = 0; i < 9; i++) {
                yaml.append(i == 0 ? "" : ",").append('*').append(previous);
            }
            yaml.append("]\n");
        }
        return yaml.toString();
    }

    private static String excerpt(String body) {
        return body == null ? "null" : body.length() > 300 ? body.substring(0, 300) + "..." : body;
    }
}
