/*
 * Copyright 2026 The OnceOnly Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.onceonly.api;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.core.OutputStreamAppender;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.onceonly.access.AuditVerification;
import org.onceonly.access.Tokens;
import org.onceonly.pool.PoolReader;
import org.onceonly.testkit.ApiClient;
import org.onceonly.testkit.Department;
import org.onceonly.testkit.HubExtension;
import org.onceonly.testkit.Identifiers;
import org.onceonly.testkit.Patience;
import org.onceonly.testkit.PoolTampering;
import org.onceonly.testkit.PoolView;
import org.onceonly.testkit.TestDemoDepartments;
import org.onceonly.testkit.TestHubs;
import org.slf4j.LoggerFactory;

/**
 * The platform API over real HTTP against the demo's departments streaming into a real pool: who may read
 * what, under which purpose, masked or not; prefill across relations; the access log and its chain.
 */
class PlatformApiIT {
    private static final String MARRIAGE_TOKEN = "oo_marriage-portal-token-abcdefghijklmnopqrstuvwxyz012";
    private static final String SOCIAL_TOKEN = "oo_social-portal-token-abcdefghijklmnopqrstuvwxyz0123";

    @Department(residents = 300)
    static TestDemoDepartments departments;
    @RegisterExtension
    static final HubExtension hub = HubExtension.inProcess().startedByTest();
    static ApiClient api;
    static ApiClient marriagePortal;
    static ApiClient socialPortal;
    static String married;
    static String spouse;
    static String insured;
    /** An enterprise whose credit code is all digits, added to the market regulator's register. */
    static String allDigitCode;

    @BeforeAll
    static void start() throws Exception {
        Path clients = hub.clients();
        // A marriage registry's portal: the marriage form's purpose; ethnicity not granted; nothing unmasked.
        Files.writeString(clients.resolve("marriage-portal.yaml"), """
                id: marriage-portal
                organisation: Civil Affairs Online Service Hall
                role: platform
                tokenSha256: %s
                grants:
                  - purpose: marriage-registration
                    read:
                      Person: [registeredAddress]
                      Marriage: ["*"]
                      Household: [householdNumber]
                      SocialInsurance: [status, employerCreditCode]
                    may: [access-log]
                """.formatted(Tokens.sha256Hex(MARRIAGE_TOKEN)));
        Files.writeString(clients.resolve("social-portal.yaml"), """
                id: social-portal
                organisation: Social Security Online Service Hall
                role: platform
                tokenSha256: %s
                grants:
                  - purpose: social-insurance-transfer
                    read: {Person: ["*"], SocialInsurance: ["*"], Organisation: ["*"]}
                    unmasked: [Person.citizenId]
                """.formatted(Tokens.sha256Hex(SOCIAL_TOKEN)));
        hub.start();
        api = hub.api();
        marriagePortal = api.as(MARRIAGE_TOKEN, "marriage-registration");
        socialPortal = api.as(SOCIAL_TOKEN, "social-insurance-transfer");
        Patience.await().until(() -> count("Person") >= 300 && count("Marriage") > 0 && count("Organisation") > 0
                && count("SocialInsurance") > 0 && count("Household") > 0);
        PoolView pool = hub.pool();
        // A married person named by no other marriage record, whose spouse the pool holds.
        Set<String> persons = pool.values("Person", "name").keySet();
        PoolReader.GoldenRecord marriage = pool.golden("Marriage").stream()
                .filter(m -> "MARRIAGE".equals(value(m, "kind")) && persons.contains(value(m, "spouse2CitizenId"))
                        && pool.reader().naming("Marriage", value(m, "spouse1CitizenId")).size() == 1)
                .findFirst().orElseThrow();
        married = value(marriage, "spouse1CitizenId");
        spouse = value(marriage, "spouse2CitizenId");
        Patience.await().until(() -> employedPerson().isPresent());
        insured = employedPerson().orElseThrow();
        allDigitCode = Identifiers.allDigitCreditCode();
        try (java.sql.Connection department = departments.dataSource(org.onceonly.demo.MarketRegulationDemo.DATABASE).getConnection();
             java.sql.PreparedStatement insert = department.prepareStatement("INSERT INTO scjg.qyxx (tyshxydm, qymc, fddbr, fddbrsfzh, "
                     + "qylx, djzt, clrq, xzqh) VALUES (?, '数字代码测试有限公司', '测试', ?, '有限责任公司', '存续', DATE '2010-01-01', '110105')")) {
            insert.setString(1, allDigitCode);
            insert.setString(2, married);
            insert.executeUpdate();
        }
        Patience.await().until(() -> pool.golden("Organisation", allDigitCode).isPresent());
    }

    /** A person the pool holds with exactly one pension enrolment, at an employer the pool holds. */
    private static Optional<String> employedPerson() {
        PoolView pool = hub.pool();
        Set<String> persons = pool.values("Person", "name").keySet();
        Set<String> organisations = pool.values("Organisation", "name").keySet();
        List<PoolReader.GoldenRecord> pensions = pool.golden("SocialInsurance").stream()
                .filter(s -> "PENSION".equals(value(s, "scheme"))).toList();
        Map<String, Long> pensionsPerPerson = pensions.stream().collect(Collectors.groupingBy(s -> value(s, "citizenId"), Collectors.counting()));
        return pensions.stream().filter(s -> organisations.contains(value(s, "employerCreditCode")) && persons.contains(value(s, "citizenId"))
                && pensionsPerPerson.get(value(s, "citizenId")) == 1).map(s -> value(s, "citizenId")).findFirst();
    }

    private static String value(PoolReader.GoldenRecord record, String field) {
        return record.fields().path(field).path("value").asText(null);
    }

    @Test
    void everyEndpointButHealthRefusesARequestWithoutAToken() {
        ApiClient anonymous = api.as(null, null);
        for (String path : List.of("/v1/subjects/" + married, "/v1/subjects/" + married + "/Person", "/v1/subjects/" + married + "/access-log",
                "/v1/forms", "/v1/forms/marriage-registration", "/v1/forms/marriage-registration/coverage", "/v1/catalog",
                "/v1/admin/sources", "/v1/admin/quarantine", "/v1/admin/conflicts", "/metrics")) {
            ApiClient.Response response = anonymous.get(path);
            assertThat(response.status()).as(path).isEqualTo(401);
            assertThat(response.body().path("error").asText()).as(path).isEqualTo("unauthenticated");
        }
        assertThat(anonymous.post("/v1/prefill", "{}").status()).isEqualTo(401);
        assertThat(anonymous.get("/health").status()).isEqualTo(200);
    }

    @Test
    void anUnknownTokenIsRefused() {
        ApiClient.Response response = api.as("oo_not-a-registered-token", "testing").get("/v1/subjects/" + married + "/Person");

        assertThat(response.status()).isEqualTo(401);
        assertThat(response.body().path("message").asText()).doesNotContain("oo_not-a-registered-token");
    }

    @Test
    void aPlatformClientGets403OnAdminEndpoints() {
        ApiClient.Response response = api.as(TestHubs.PLATFORM_TOKEN, null).get("/v1/admin/sources");

        assertThat(response.status()).isEqualTo(403);
        assertThat(response.body().path("error").asText()).isEqualTo("administrator_required");
    }

    @Test
    void aReadWithoutAPurposeIsRefused() {
        ApiClient.Response response = api.as(MARRIAGE_TOKEN, null).get("/v1/subjects/" + married + "/Person");

        assertThat(response.status()).isEqualTo(403);
        assertThat(response.body().path("error").asText()).isEqualTo("purpose_required");
    }

    @Test
    void aPurposeTheClientWasNotGrantedIsRefused() {
        ApiClient.Response response = api.as(MARRIAGE_TOKEN, "social-insurance-transfer").get("/v1/subjects/" + married + "/Person");

        assertThat(response.status()).isEqualTo(403);
        assertThat(response.body().path("error").asText()).isEqualTo("purpose_not_granted");
    }

    @Test
    void askingForAConditionalFieldWithoutAGrantIs403NamingTheField() {
        ApiClient.Response response = marriagePortal.get("/v1/subjects/" + married + "/Person?fields=name,ethnicity");

        assertThat(response.status()).isEqualTo(403);
        assertThat(response.body().path("error").asText()).isEqualTo("field_not_granted");
        assertThat(response.body().path("message").asText()).contains("Person.ethnicity").contains("marriage-registration");
    }

    @Test
    void withoutNamedFieldsTheUngrantedOnesAreWithheldWithTheirReason() {
        JsonNode body = marriagePortal.get("/v1/subjects/" + married + "/Person").body();

        assertThat(body.path("fields").has("name")).isTrue();
        assertThat(body.path("fields").has("ethnicity")).isFalse();
        assertThat(body.path("withheld").path("ethnicity").asText()).contains("does not");
    }

    @Test
    void highlySensitiveFieldsAreMaskedUnlessTheGrantUnmasksThem() {
        JsonNode masked = marriagePortal.get("/v1/subjects/" + married + "/Person").body().path("fields");
        JsonNode clear = socialPortal.get("/v1/subjects/" + married + "/Person").body().path("fields");

        assertThat(masked.path("citizenId").path("masked").asBoolean()).isTrue();
        assertThat(masked.path("citizenId").path("value").asText()).contains("*").doesNotContain(married.substring(6, 14));
        assertThat(masked.path("registeredAddress").path("masked").asBoolean()).isTrue();
        assertThat(masked.path("name").path("masked").asBoolean()).isFalse();
        assertThat(clear.path("citizenId").path("value").asText()).isEqualTo(married);
    }

    @Test
    void prefillFollowsTheMarriageToTheSpousesName() {
        ApiClient.Response response = marriagePortal.post("/v1/prefill",
                "{\"form\": \"marriage-registration\", \"subject\": \"" + married + "\", \"purpose\": \"marriage-registration\"}");
        String spouseName = hub.pool().values("Person", "name").get(spouse);

        assertThat(response.status()).isEqualTo(200);
        JsonNode spouseField = field(response.body(), "registeredSpouseName");
        assertThat(spouseField.path("status").asText()).isEqualTo("filled");
        assertThat(spouseField.path("value").asText()).isEqualTo(spouseName);
        assertThat(spouseField.path("provenance").path("department").asText()).isEqualTo("public-security");
        assertThat(field(response.body(), "ethnicity").path("status").asText()).isEqualTo("withheld");
        assertThat(field(response.body(), "phone").path("status").asText()).isEqualTo("empty");
        JsonNode coverage = response.body().path("coverage");
        assertThat(coverage.path("fieldsAsked").asInt()).isEqualTo(12);
        assertThat(coverage.path("fieldsFilled").asInt()).isBetween(5, 9);
        assertThat(material(response.body(), "householdRegister").path("status").asText()).isIn("supplied", "missing");
    }

    @Test
    void theSpouseSeesThatTheirNameWasReadForTheMarriageForm() {
        marriagePortal.post("/v1/prefill", "{\"form\": \"marriage-registration\", \"subject\": \"" + married + "\"}");

        JsonNode entries = marriagePortal.get("/v1/subjects/" + spouse + "/access-log").body().path("entries");

        assertThat(entries).anySatisfy(entry -> {
            assertThat(entry.path("client").asText()).isEqualTo("marriage-portal");
            assertThat(entry.path("action").asText()).isEqualTo("prefill:marriage-registration");
            assertThat(entry.path("fields").toString()).contains("Person.name");
        });
    }

    @Test
    void prefillFollowsSocialInsuranceToTheEmployersName() {
        JsonNode body = socialPortal.post("/v1/prefill", "{\"form\": \"social-insurance-transfer\", \"subject\": \"" + insured + "\"}").body();
        String employerCode = hub.pool().golden("SocialInsurance").stream()
                .filter(s -> "PENSION".equals(value(s, "scheme")) && insured.equals(value(s, "citizenId")))
                .map(s -> value(s, "employerCreditCode")).findFirst().orElseThrow();
        String employer = hub.pool().values("Organisation", "name").get(employerCode);

        assertThat(field(body, "currentEmployer").path("value").asText()).isEqualTo(employer);
        assertThat(field(body, "currentEmployer").path("provenance").path("entity").asText()).isEqualTo("Organisation");
        assertThat(material(body, "insuranceRecord").path("status").asText()).isEqualTo("supplied");
    }

    @Test
    void aFormIsFilledOnlyUnderItsOwnPurpose() {
        ApiClient.Response response = socialPortal.post("/v1/prefill",
                "{\"form\": \"marriage-registration\", \"subject\": \"" + married + "\", \"purpose\": \"social-insurance-transfer\"}");

        assertThat(response.status()).isEqualTo(403);
        assertThat(response.body().path("error").asText()).isEqualTo("purpose_mismatch");
    }

    @Test
    void coverageReportsTheShareOfFieldsAndMaterialsThePoolSupplied() {
        socialPortal.post("/v1/prefill", "{\"form\": \"social-insurance-transfer\", \"subject\": \"" + insured + "\"}");
        hub.hub().prefillStatistics().flush();

        JsonNode coverage = socialPortal.get("/v1/forms/social-insurance-transfer/coverage").body();

        assertThat(coverage.path("prefills").asLong()).isPositive();
        assertThat(coverage.path("fields").path("share").asDouble()).isGreaterThanOrEqualTo(0.3);
        assertThat(coverage.path("fields").path("target").asDouble()).isEqualTo(0.3);
        assertThat(coverage.path("materials").path("target").asDouble()).isEqualTo(0.4);
        assertThat(coverage.path("byField").path("insuredName").asDouble()).isEqualTo(1.0);
    }

    @Test
    void malformedRequestsGet400WithAJsonErrorAndNoStackTrace() {
        Map<String, String> bodies = Map.of(
                "{", "malformed_json",
                "{\"form\": \"marriage-registration\", \"subject\": \"" + married + "\", \"extra\": 1}", "unknown_field",
                "{\"form\": [\"marriage-registration\"], \"subject\": \"" + married + "\"}", "invalid_field",
                "{\"form\": \"marriage-registration\", \"subject\": \"110105194912310021\"}", "invalid_subject",
                "{\"form\": \"marriage-registration\"}", "missing_field",
                "[]", "invalid_field");
        bodies.forEach((body, error) -> {
            ApiClient.Response response = marriagePortal.post("/v1/prefill", body);
            assertThat(response.status()).as(body).isEqualTo(400);
            assertThat(response.body().path("error").asText()).as(body).isEqualTo(error);
            assertThat(response.body().toString()).as(body).doesNotContain("Exception").doesNotContain("at org.");
        });
    }

    @Test
    void anOversizedBodyGets413WithAJsonError() {
        String huge = "{\"form\": \"" + "x".repeat((int) hub.config().platform().maxUploadBytes() + 2 * 1024 * 1024) + "\"}";

        ApiClient.Response response = marriagePortal.post("/v1/prefill", huge);

        assertThat(response.status()).isEqualTo(413);
        assertThat(response.body().path("error").asText()).isEqualTo("too_large");
    }

    @Test
    void theCatalogListsSharingClassesOwnersAndFreshness() {
        JsonNode entities = socialPortal.get("/v1/catalog").body().path("entities");

        assertThat(entities).anySatisfy(entity -> {
            assertThat(entity.path("entity").asText()).isEqualTo("Person");
            assertThat(entity.path("departments").toString()).contains("public-security");
            assertThat(entity.path("fields").toString()).contains("\"sharing\":\"conditional\"").contains("\"sensitivity\":\"high\"");
            assertThat(entity.path("sources").get(0).path("lastChange").asText()).isNotEmpty();
            assertThat(entity.path("sources").get(0).path("rows").asLong()).isGreaterThanOrEqualTo(300);
        });
    }

    @Test
    void editingOrDeletingAnAccessLogEntryBreaksTheChainAtThatEntry() {
        for (int i = 0; i < 3; i++) {
            socialPortal.get("/v1/subjects/" + insured + "/Person");
        }
        DataSource pool = hub.poolDatabase().dataSource();
        assertThat(AuditVerification.of(pool).intact()).isTrue();
        long target = PoolTampering.lastAccessLogEntry(hub.poolDatabase()) - 1;

        AuditVerification edited;
        try (PoolTampering.Undo ignored = PoolTampering.editAccessLogPurpose(hub.poolDatabase(), target, "curiosity")) {
            edited = AuditVerification.of(pool);
        }
        AuditVerification deleted;
        try (PoolTampering.Undo ignored = PoolTampering.removeAccessLogEntry(hub.poolDatabase(), target)) {
            deleted = AuditVerification.of(pool);
        }

        assertThat(edited.intact()).isFalse();
        assertThat(edited.brokenAt()).isEqualTo(target);
        assertThat(edited.problem()).contains("edited");
        assertThat(deleted.brokenAt()).isEqualTo(target);
        assertThat(deleted.problem()).contains("missing");
        assertThat(AuditVerification.of(pool).intact()).isTrue();
    }

    @Test
    void everySubjectReadAnswersForAnAllDigitCreditCode() {
        assertThat(api.get("/v1/subjects/" + allDigitCode).status()).isEqualTo(200);
        ApiClient.Response organisation = api.get("/v1/subjects/" + allDigitCode + "/organisation");
        assertThat(organisation.status()).as("%s", organisation.body()).isEqualTo(200);
        assertThat(organisation.body().path("subject").asText()).isEqualTo(allDigitCode);
        assertThat(api.get("/v1/subjects/" + allDigitCode + "/materials").status()).isEqualTo(200);
        assertThat(api.get("/v1/subjects/" + allDigitCode + "/access-log").status()).isEqualTo(200);
        // Its employees and certificates: none here, which is a 404, never a 400 about a birth date.
        assertThat(api.get("/v1/subjects/" + allDigitCode + "/socialinsurance").status()).isIn(200, 404);
        assertThat(api.get("/v1/subjects/" + allDigitCode + "/certificate").status()).isIn(200, 404);
    }

    @Test
    void aLowerCaseCreditCodeReadsTheSameRecordsOnEveryRead() {
        String code = hub.pool().golden("Organisation").stream().map(PoolReader.GoldenRecord::subject)
                .filter(key -> key.chars().anyMatch(Character::isLetter)).findFirst().orElseThrow();
        String lower = code.toLowerCase(java.util.Locale.ROOT);

        for (String path : List.of("", "/organisation", "/materials", "/access-log")) {
            ApiClient.Response response = api.get("/v1/subjects/" + lower + path);
            assertThat(response.status()).as(path + " %s", response.body()).isEqualTo(200);
            assertThat(response.body().path("subject").asText()).as(path).isEqualTo(code);
        }
    }

    @Test
    void aPersonsOrganisationsAreTheOnesThePersonRepresents() {
        ApiClient.Response represented = api.get("/v1/subjects/" + married + "/organisation");

        assertThat(represented.status()).as("%s", represented.body()).isEqualTo(200);
        assertThat(represented.body().path("records").findValuesAsText("key")).contains(allDigitCode);
        assertThat(represented.body().path("records").get(0).path("roles").get(0).asText()).isEqualTo("legalRepresentativeCitizenId");
    }

    @Test
    void fullWidthDigitsAndNoBreakSpacesAroundAnIdentityNumberReadThePerson() {
        StringBuilder fullWidth = new StringBuilder();
        married.chars().forEach(c -> fullWidth.append(Character.isDigit(c) ? (char) ('０' + (c - '0')) : (char) ('Ａ' + (c - 'A'))));

        for (String typed : List.of(fullWidth.toString(), "\u00A0" + married + "\u3000", married.toLowerCase(java.util.Locale.ROOT))) {
            String encoded = java.net.URLEncoder.encode(typed, StandardCharsets.UTF_8).replace("+", "%20");
            ApiClient.Response person = api.get("/v1/subjects/" + encoded + "/person");
            assertThat(person.status()).as("%s", person.body()).isEqualTo(200);
            assertThat(person.body().path("subject").asText()).isEqualTo(married);
        }
        ApiClient.Response prefill = marriagePortal.post("/v1/prefill",
                "{\"form\": \"marriage-registration\", \"subject\": \"\u00A0" + fullWidth + "\"}");
        assertThat(prefill.status()).as("%s", prefill.body()).isEqualTo(200);
        assertThat(prefill.body().path("subject").asText()).isEqualTo(married);
    }

    @Test
    void answersWithPersonalDataAreNeverCached() {
        ApiClient.Binary person = api.bytes("/v1/subjects/" + married + "/person");
        ApiClient.Binary refused = api.as(null, null).bytes("/v1/subjects/" + married + "/person");

        assertThat(person.status()).isEqualTo(200);
        assertThat(person.headers().firstValue("cache-control")).hasValue("no-store");
        assertThat(refused.status()).isEqualTo(401);
        assertThat(refused.headers().firstValue("cache-control")).hasValue("no-store");
    }

    @Test
    void anEmptySubjectInThePathIsABadRequest() {
        ApiClient.Response empty = api.get("/v1/subjects//person");

        assertThat(empty.status()).isEqualTo(400);
        assertThat(empty.body().path("error").asText()).isEqualTo("missing_parameter");
    }

    @Test
    void theLogsCarryNoIdentityNumberInClear() {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern("%level %logger - %msg%n%maskedEx");
        encoder.start();
        OutputStreamAppender<ch.qos.logback.classic.spi.ILoggingEvent> appender = new OutputStreamAppender<>();
        appender.setContext(context);
        appender.setEncoder(encoder);
        appender.setOutputStream(captured);
        appender.start();
        Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.addAppender(appender);
        try {
            marriagePortal.post("/v1/prefill", "{\"form\": \"marriage-registration\", \"subject\": \"" + married + "\"}");
            marriagePortal.get("/v1/subjects/" + married + "/Person?fields=ethnicity");
            marriagePortal.get("/v1/subjects/" + married + "/NoSuchEntity");
            socialPortal.get("/v1/subjects/" + insured);
            api.as(null, null).get("/v1/subjects/" + married);
            marriagePortal.post("/v1/prefill", "{\"form\": \"marriage-registration\", \"subject\": \"" + married + "\", \"x\": 1}");
        } finally {
            root.detachAppender(appender);
            appender.stop();
        }
        String logs = captured.toString(StandardCharsets.UTF_8);
        Matcher identityNumbers = Pattern.compile("(?<![0-9])\\d{17}[0-9X](?![0-9])").matcher(logs);
        assertThat(identityNumbers.find()).as("an identity number in clear in:%n%s", logs).isFalse();
    }

    private static JsonNode field(JsonNode prefill, String name) {
        for (JsonNode field : prefill.path("fields")) {
            if (field.path("name").asText().equals(name)) {
                return field;
            }
        }
        throw new AssertionError("no field " + name + " in " + prefill);
    }

    private static JsonNode material(JsonNode prefill, String name) {
        for (JsonNode material : prefill.path("materials")) {
            if (material.path("name").asText().equals(name)) {
                return material;
            }
        }
        throw new AssertionError("no material " + name + " in " + prefill);
    }

    private static long count(String entity) {
        return hub.pool().count(entity);
    }
}
