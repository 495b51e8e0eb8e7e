/*
 * Copyright 2026 The OnceOnly Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.onceonly.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.onceonly.schema.SchemaCatalog;

class FormsTest {
    private static final SchemaCatalog SCHEMAS = SchemaCatalog.load(Path.of("schemas"));

    @Test
    void theShippedFormsLoadAgainstTheShippedSchemas() {
        Forms forms = Forms.load(Path.of("forms"), SCHEMAS);

        assertThat(forms.all()).extracting(Form::id)
                .containsExactlyInAnyOrder("marriage-registration", "business-licence-application", "social-insurance-transfer");
    }

    @Test
    void aPathFollowsAPartyFieldToTheRecordItNames() {
        FieldPath path = FieldPath.parse("SocialInsurance[status=ACTIVE].employerCreditCode > Organisation.name", SCHEMAS);

        assertThat(path.steps()).hasSize(2);
        assertThat(path.steps().get(0).filterField()).isEqualTo("status");
        assertThat(path.last().schema().entity()).isEqualTo("Organisation");
    }

    @Test
    void otherPartyNeedsARecordWithTwoPartiesOfTheNextEntity() {
        assertThat(FieldPath.parse("Marriage.otherParty > Person.name", SCHEMAS).steps().get(0).followsOtherParty()).isTrue();
        assertThatThrownBy(() -> FieldPath.parse("SocialInsurance.otherParty > Person.name", SCHEMAS))
                .hasMessageContaining("otherParty needs two such fields");
    }

    @Test
    void aLinkThroughAFieldThatNamesNobodyIsRefused() {
        assertThatThrownBy(() -> FieldPath.parse("SocialInsurance.employerName > Organisation.name", SCHEMAS))
                .hasMessageContaining("SocialInsurance.employerName is not a party field naming a Organisation");
    }

    @Test
    void aFormWithABadPathNamesTheLineOfThatPath(@TempDir Path directory) throws Exception {
        Files.writeString(directory.resolve("f.yaml"), """
                id: f
                purpose: p
                subject: Person
                fields:
                  - {name: a, path: Person.name}
                  - {name: b, path: Person.shoeSize}
                """);

        assertThatThrownBy(() -> Forms.load(directory, SCHEMAS)).hasMessageContaining("f.yaml line 6")
                .hasMessageContaining("fields[1].path").hasMessageContaining("Person has no field 'shoeSize'");
    }
}
