/*
 * Copyright 2026 The OnceOnly Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.onceonly.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.onceonly.access.AccessLog;
import org.onceonly.access.Tokens;
import org.onceonly.pool.PoolReader;
import org.onceonly.pool.PoolReader.GoldenRecord;
import org.onceonly.testkit.ApiClient;
import org.onceonly.testkit.Department;
import org.onceonly.testkit.HubExtension;
import org.onceonly.testkit.Patience;
import org.onceonly.testkit.PoolView;
import org.onceonly.testkit.TestDemoDepartments;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The unit of disclosure is the party shown: over every endpoint that answers with personal data, the people
 * and organisations an answer shows are exactly those whose access logs gained an entry, with the fields shown;
 * and under a narrow grant no value the grant masks or withholds appears in clear anywhere in the answer —
 * not in a key, a role, a provenance or a reason.
 */
class DisclosureIT {
    private static final String NARROW_TOKEN = "oo_narrow-portal-token-abcdefghijklmnopqrstuvwxyz0123";
    /** Which fields of each entity name a party; the record itself is one for Person and Organisation. */
    private static final Map<String, List<String>> PARTY_FIELDS = Map.of(
            "Person", List.of("citizenId"),
            "Organisation", List.of("creditCode", "legalRepresentativeCitizenId"),
            "Marriage", List.of("spouse1CitizenId", "spouse2CitizenId"),
            "Household", List.of("headCitizenId", "members"),
            "SocialInsurance", List.of("citizenId", "employerCreditCode"),
            "Certificate", List.of("holderId"));

    /** What the narrow grant shows in clear: unconditional or granted, and not highly sensitive. */
    private static final Set<String> NARROW_CLEAR = Set.of("Person.name", "Person.gender", "Person.birthDate",
            "Organisation.creditCode", "Organisation.name", "Organisation.legalRepresentativeName", "Organisation.organisationType",
            "Organisation.status", "Organisation.establishedDate", "Organisation.registeredCapital", "Organisation.address",
            "Organisation.divisionCode", "Certificate.certificateType", "Certificate.issuingDepartment", "Certificate.status",
            "Certificate.documentDigest", "Certificate.holderName", "Marriage.registrationAuthority", "Marriage.divisionCode",
            "Marriage.spouse1Name", "Marriage.spouse2Name", "Marriage.registrationDate", "Household.divisionCode",
            "Household.householdType", "SocialInsurance.divisionCode", "SocialInsurance.insuredName", "SocialInsurance.status");

    @Department(residents = 300)
    static TestDemoDepartments departments;
    @RegisterExtension
    static final HubExtension hub = HubExtension.inProcess().startedByTest();
    static ApiClient api;
    static ApiClient narrow;
    static String married;
    static String marriageNumber;
    static String householdNumber;
    static String employer;
    static String holder;

    @BeforeAll
    static void start() throws Exception {
        // Reads spouses' names and a few enrolment fields; unmasks nothing, grants no record number.
        Files.writeString(hub.clients().resolve("narrow-portal.yaml"), """
                id: narrow-portal
                organisation: Narrow Online Service Hall
                role: platform
                tokenSha256: %s
                grants:
                  - purpose: marriage-registration
                    read:
                      Person: [registeredAddress]
                      Marriage: [spouse1Name, spouse2Name, registrationDate]
                      SocialInsurance: [insuredName, status, residentialAddress]
                      Household: [householdType]
                      Certificate: [holderName]
                    may: [access-log, materials.read]
                """.formatted(Tokens.sha256Hex(NARROW_TOKEN)));
        hub.start();
        api = hub.api();
        narrow = api.as(NARROW_TOKEN, "marriage-registration");
        Patience.await().until(() -> pool().count("Person") >= 300 && pool().count("Marriage") > 0 && pool().count("Household") > 0
                && pool().count("SocialInsurance") > 0 && pool().count("Organisation") > 0 && pool().count("Certificate") > 0
                && !pool().reader().conflicts("Person", null, 1).isEmpty());
        Set<String> persons = pool().values("Person", "name").keySet();
        GoldenRecord marriage = pool().golden("Marriage").stream()
                .filter(m -> persons.contains(value(m, "spouse1CitizenId")) && persons.contains(value(m, "spouse2CitizenId")))
                .findFirst().orElseThrow();
        married = value(marriage, "spouse1CitizenId");
        marriageNumber = marriage.subject();
        householdNumber = pool().golden("Household").stream().filter(h -> h.fields().path("members").path("value").size() >= 2)
                .findFirst().orElseThrow().subject();
        employer = pool().golden("SocialInsurance").stream().filter(s -> value(s, "employerCreditCode") != null).collect(Collectors.groupingBy(s -> value(s, "employerCreditCode"), Collectors.counting()))
                .entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow().getKey();
        holder = pool().golden("Certificate").stream().map(c -> value(c, "holderId")).filter(id -> id != null && persons.contains(id))
                .findFirst().orElseThrow();
    }

    /** One endpoint that answers with personal data: how to call it, and the records it is built from. */
    private record Case(String name, Function<ApiClient, ApiClient.Response> call, Function<PoolReader, List<GoldenRecord>> records) {
        @Override
        public String toString() {
            return name;
        }
    }

    private static List<Case> cases() {
        return List.of(
                new Case("picture", c -> c.get("/v1/subjects/" + married), r -> r.picture(married)),
                new Case("person", c -> c.get("/v1/subjects/" + married + "/Person"), r -> List.of(r.golden("Person", married).orElseThrow())),
                new Case("a person's marriages", c -> c.get("/v1/subjects/" + married + "/Marriage"), r -> r.naming("Marriage", married)),
                new Case("marriage by its number", c -> c.get("/v1/subjects/" + marriageNumber + "/Marriage"),
                        r -> List.of(r.golden("Marriage", marriageNumber).orElseThrow())),
                new Case("household by its number", c -> c.get("/v1/subjects/" + householdNumber + "/Household"),
                        r -> List.of(r.golden("Household", householdNumber).orElseThrow())),
                new Case("an employer's enrolments", c -> c.get("/v1/subjects/" + employer + "/SocialInsurance"),
                        r -> r.naming("SocialInsurance", employer)),
                new Case("a holder's materials", c -> c.get("/v1/subjects/" + holder + "/materials"), r -> r.naming("Certificate", holder)),
                // An admin path: the test operator under its stewardship grant; the narrow platform client gets 403.
                new Case("a steward's conflicts", c -> c.get("/v1/admin/conflicts?entity=Person&limit=5"),
                        r -> r.conflicts("Person", null, 5).stream().map(conflict -> r.golden("Person", conflict.subject()).orElseThrow()).toList()));
    }

    @Test
    void everyPartyAnAnswerShowsGainsOneEntryNamingTheFieldsShownAndNobodyElseDoes() {
        for (Case endpoint : cases()) {
            long before = log().headSeq();
            ApiClient.Response response = endpoint.call().apply(api);
            assertThat(response.status()).as(endpoint.name()).isEqualTo(200);
            Map<String, Set<String>> expected = fieldsByParty(response.body(), endpoint.records().apply(pool().reader()));
            Map<String, Set<String>> logged = new TreeMap<>();
            for (AccessLog.Entry entry : log().after(before, 10_000)) {
                assertThat(logged).as(endpoint.name() + ": one entry per party").doesNotContainKey(entry.subject());
                logged.put(entry.subject(), new TreeSet<>(entry.fields()));
                assertThat(entry.records()).as(endpoint.name() + ": the records named").isNotEmpty();
            }
            assertThat(logged).as(endpoint.name()).isEqualTo(expected);
        }
    }

    @Test
    void underANarrowGrantThePeopleShownAreThePeopleLoggedAndNothingWithheldAppearsInClear() {
        for (Case endpoint : cases()) {
            long before = log().headSeq();
            ApiClient.Response response = endpoint.call().apply(narrow);
            if (response.status() == 403) {
                assertThat(log().after(before, 10)).as(endpoint.name() + ": nothing shown, nothing logged").isEmpty();
                continue;
            }
            assertThat(response.status()).as(endpoint.name()).isEqualTo(200);
            List<GoldenRecord> records = endpoint.records().apply(pool().reader());
            Set<String> parties = records.stream().flatMap(DisclosureIT::parties).collect(Collectors.toCollection(TreeSet::new));
            Set<String> loggedParties = log().after(before, 10_000).stream().map(AccessLog.Entry::subject).collect(Collectors.toCollection(TreeSet::new));
            assertThat(loggedParties).as(endpoint.name()).isEqualTo(parties);
            assertNoHiddenValueIn(endpoint.name(), response.body(), records, new HashSet<>(List.of(married, marriageNumber, householdNumber, employer, holder)));
        }
    }

    @Test
    void prefillLogsEveryPartyOfEveryRecordItWalkedAndHidesTheSpousesNumberInItsProvenance() {
        String spouse = pool().golden("Marriage", marriageNumber).orElseThrow().path("spouse2CitizenId").path("value").asText();
        long before = log().headSeq();
        ApiClient.Response response = narrow.post("/v1/prefill", "{\"form\": \"marriage-registration\", \"subject\": \"" + married + "\"}");

        assertThat(response.status()).isEqualTo(200);
        Set<String> logged = log().after(before, 10_000).stream().map(AccessLog.Entry::subject).collect(Collectors.toSet());
        assertThat(logged).contains(married);
        ObjectNode answer = response.body().deepCopy();
        answer.withArray("fields").forEach(field -> ((ObjectNode) field).remove("path"));
        assertThat(answer.toString()).doesNotContain(spouse);
        // The narrow grant does not read Marriage.kind: that the applicant has no such record is not said either.
        assertThat(answer.toString()).doesNotContain("kind=MARRIAGE");
    }

    @Test
    void aCitizenFindsEveryReadOfTheirDataUnderTheirOwnNumberAndTheReadOfTheLogIsLoggedToo() {
        GoldenRecord household = pool().reader().golden("Household", householdNumber).orElseThrow();
        String member = household.fields().path("members").path("value").get(1).path("citizenId").asText();
        api.get("/v1/subjects/" + householdNumber + "/Household");

        JsonNode entries = api.get("/v1/subjects/" + member + "/access-log").body().path("entries");
        JsonNode again = api.get("/v1/subjects/" + member + "/access-log").body().path("entries");

        assertThat(entries).anySatisfy(entry -> {
            assertThat(entry.path("action").asText()).isEqualTo("read");
            assertThat(entry.path("records").toString()).contains("Household/" + householdNumber);
            assertThat(entry.path("fields").toString()).contains("Household.members");
        });
        assertThat(again.get(0).path("action").asText()).isEqualTo("access-log");
    }

    @Test
    void aHistoricalReadIsLoggedAsOne() {
        api.get("/v1/subjects/" + married + "/Person?asOf=2099-01-01T00:00:00Z");

        assertThat(log().forSubject(married, 1).get(0).action()).isEqualTo("read:asOf=2099-01-01T00:00:00Z");
    }

    /** Per party, the {@code Entity.field}s the answer shows of the records naming it. */
    private static Map<String, Set<String>> fieldsByParty(JsonNode body, List<GoldenRecord> records) {
        Map<String, Set<String>> expected = new TreeMap<>();
        for (GoldenRecord record : records) {
            JsonNode shown = shownFields(body, record);
            Set<String> fields = new LinkedHashSet<>();
            shown.fieldNames().forEachRemaining(field -> fields.add(record.entity() + "." + field));
            if (!fields.isEmpty()) {
                parties(record).forEach(party -> expected.computeIfAbsent(party, p -> new TreeSet<>()).addAll(fields));
            }
        }
        return expected;
    }

    /** The fields object of the record in the answer (keys are in clear for the test client, which unmasks all). */
    private static JsonNode shownFields(JsonNode body, GoldenRecord record) {
        if (body.has("fields") && record.entity().equals(body.path("entity").asText())) {
            return body.path("fields");
        }
        if (body.has("conflicts")) {
            ObjectNode fields = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
            body.path("conflicts").forEach(conflict -> {
                if (conflict.path("subject").asText().equals(record.subject()) && conflict.has("candidates")) {
                    fields.set(conflict.path("field").asText(), conflict.path("candidates"));
                }
            });
            return fields;
        }
        // "records" is a list, or (the picture) lists by entity; materials list "certificates".
        List<JsonNode> all = Stream.of(body.path("records"), body.path("certificates"))
                .flatMap(node -> node.isObject() ? stream(node).flatMap(DisclosureIT::stream) : stream(node)).toList();
        return all.stream().filter(r -> r.path("key").asText().equals(record.subject())
                        && (!r.has("entity") || r.path("entity").asText().equals(record.entity())))
                .findFirst().map(r -> r.path("fields")).orElseThrow(() -> new AssertionError("the answer lacks " + record.entity() + "/" + record.subject()));
    }

    private static Stream<JsonNode> stream(JsonNode node) {
        List<JsonNode> items = new ArrayList<>();
        node.elements().forEachRemaining(items::add);
        return items.stream();
    }

    /** Who a record is about: this test's own reading of the schemas' party fields. */
    private static Stream<String> parties(GoldenRecord record) {
        Set<String> parties = new LinkedHashSet<>();
        for (String field : PARTY_FIELDS.get(record.entity())) {
            JsonNode value = field.equals("creditCode") || record.entity().equals("Person")
                    ? com.fasterxml.jackson.databind.node.TextNode.valueOf(record.subject()) : record.fields().path(field).path("value");
            if (value.isArray()) {
                value.forEach(member -> parties.add(member.path("citizenId").asText()));
            } else if (value.isTextual() && !value.asText().isBlank()) {
                parties.add(value.asText());
            }
        }
        return parties.stream();
    }

    /**
     * No value of the records that the narrow grant masks or withholds appears in the answer, unless the same
     * value is shown in clear elsewhere in it or was in the request itself.
     */
    private static void assertNoHiddenValueIn(String name, JsonNode body, List<GoldenRecord> records, Set<String> asked) {
        Set<String> hidden = new HashSet<>();
        Set<String> clear = new HashSet<>();
        for (GoldenRecord record : records) {
            record.fields().fields().forEachRemaining(field -> {
                String path = record.entity() + "." + field.getKey();
                Set<String> target = NARROW_CLEAR.contains(path) ? clear : hidden;
                texts(field.getValue().path("value")).forEach(target::add);
            });
        }
        hidden.removeAll(clear);
        hidden.removeAll(asked);
        String answer = body.toString();
        for (String value : hidden) {
            if (value.length() >= 4 || !value.chars().allMatch(c -> c < 128) && value.length() >= 2) {
                assertThat(answer).as(name + ": a value the grant hides").doesNotContain(value);
            }
        }
    }

    private static List<String> texts(JsonNode value) {
        List<String> texts = new ArrayList<>();
        if (value.isTextual()) {
            texts.add(value.asText());
        } else if (value.isContainerNode()) {
            value.elements().forEachRemaining(inner -> texts.addAll(texts(inner)));
        }
        return texts;
    }

    private static String value(GoldenRecord record, String field) {
        return record.fields().path(field).path("value").asText(null);
    }

    private static PoolView pool() {
        return hub.pool();
    }

    private static AccessLog log() {
        return hub.hub().accessLog();
    }
}
