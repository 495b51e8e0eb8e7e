/*
 * Copyright 2026 The OnceOnly Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.onceonly.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.time.LocalDate;
import org.apache.avro.generic.GenericRecord;
import org.junit.jupiter.api.Test;

class CanonicalRecordMapperTest {
    private static final CanonicalSchema PERSON = SchemaCatalog.load(Path.of("schemas")).require("Person");
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void validBodyBecomesARecordWithNormalisedIdentityAndDate() {
        GenericRecord record = CanonicalRecordMapper.toRecord(PERSON, body("11010519491231002x", "1949-12-31"));

        assertThat(record.get("citizenId")).isEqualTo("11010519491231002X");
        assertThat(record.get("birthDate")).isEqualTo(LocalDate.of(1949, 12, 31));
        assertThat(PERSON.subjectOf(record)).isEqualTo("11010519491231002X");
    }

    @Test
    void everyViolationIsReportedAtOnceWithItsField() {
        ObjectNode body = body(null, "31/12/1949");
        body.put("nickname", "x");

        CanonicalRecordException error = catchThrowableOfType(CanonicalRecordException.class,
                () -> CanonicalRecordMapper.toRecord(PERSON, body));

        assertThat(error.violations()).extracting(FieldViolation::field)
                .containsExactlyInAnyOrder("citizenId", "birthDate", "nickname");
        assertThat(error.violations()).filteredOn(v -> v.field().equals("citizenId"))
                .extracting(FieldViolation::reason).containsExactly("is required but missing");
    }

    @Test
    void textWithANulCharacterIsAViolationOfItsFieldSinceThePoolCannotStoreIt() {
        ObjectNode body = body("11010519491231002X", null);
        body.put("name", "张\u0000三");

        CanonicalRecordException error = catchThrowableOfType(CanonicalRecordException.class,
                () -> CanonicalRecordMapper.toRecord(PERSON, body));

        assertThat(error.violations()).singleElement().satisfies(v -> {
            assertThat(v.field()).isEqualTo("name");
            assertThat(v.reason()).contains("U+0000");
        });
    }

    @Test
    void invalidIdentityNumberIsAFieldViolationWithoutTheValue() {
        CanonicalRecordException error = catchThrowableOfType(CanonicalRecordException.class,
                () -> CanonicalRecordMapper.toRecord(PERSON, body("110105194912310021", null)));

        assertThat(error.violations()).singleElement().satisfies(v -> {
            assertThat(v.field()).isEqualTo("citizenId");
            assertThat(v.reason()).contains("check character").doesNotContain("1949");
        });
    }

    @Test
    void storedRecordsRoundTripThroughAvroBinary() {
        GenericRecord record = CanonicalRecordMapper.toRecord(PERSON, body("11010519491231002X", "1949-12-31"));

        GenericRecord back = RecordCodec.decode(RecordCodec.encode(record), PERSON.avro(), PERSON.avro());

        assertThat(back.toString()).isEqualTo(record.toString());
    }

    @Test
    void nestedMembersAreValidatedWithTheirPath() throws Exception {
        CanonicalSchema household = SchemaCatalog.load(Path.of("schemas")).require("Household");
        ObjectNode body = (ObjectNode) JSON.readTree("""
                {"householdNumber": "110105-000123", "headCitizenId": "11010519491231002X",
                 "members": [{"citizenId": "11010519491231002X", "relation": "02"},
                             {"citizenId": "110105194912310021", "relation": "20", "age": 3}]}""");

        CanonicalRecordException error = catchThrowableOfType(CanonicalRecordException.class,
                () -> CanonicalRecordMapper.toRecord(household, body));

        assertThat(error.violations()).extracting(FieldViolation::field)
                .containsExactlyInAnyOrder("members[1].citizenId", "members[1].age");
    }

    @Test
    void enumSymbolsAreAcceptedInAnyCase() throws Exception {
        CanonicalSchema certificate = SchemaCatalog.load(Path.of("schemas")).require("Certificate");
        GenericRecord record = CanonicalRecordMapper.toRecord(certificate, JSON.readTree("""
                {"certificateNumber": "C-1", "certificateType": "营业执照", "holderKind": "organisation",
                 "holderId": "91350100M000100Y43", "issuingDepartment": "market-regulation",
                 "issuedDate": "2020-01-02", "status": "valid"}"""));

        assertThat(record.get("holderKind")).hasToString("ORGANISATION");
    }

    private static ObjectNode body(String citizenId, String birthDate) {
        ObjectNode body = JSON.createObjectNode();
        body.put("citizenId", citizenId);
        body.put("name", "张三");
        body.put("birthDate", birthDate);
        return body;
    }
}
