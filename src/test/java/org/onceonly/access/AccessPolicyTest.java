/*
 * Copyright 2026 The OnceOnly Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.onceonly.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.Set;
import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;
import org.onceonly.schema.CanonicalSchema;

class AccessPolicyTest {
    private static final CanonicalSchema PERSON = new CanonicalSchema(new Schema.Parser().parse("""
            {"type": "record", "name": "Person", "subject": "citizenId", "fields": [
              {"name": "citizenId", "type": "string", "sharing": "unconditional", "sensitivity": "high"},
              {"name": "name", "type": "string", "sharing": "unconditional", "sensitivity": "medium"},
              {"name": "ethnicity", "type": "string", "sharing": "conditional", "sensitivity": "high"},
              {"name": "religion", "type": "string", "sharing": "none", "sensitivity": "high"},
              {"name": "nickname", "type": "string"}]}"""));
    private static final Grant GRANT = new Grant("marriage-registration", null, Map.of("Person", Set.of("ethnicity", "religion")),
            Set.of(), Set.of());
    private static final Client CLIENT = new Client("portal", "Portal", Role.PLATFORM, "0".repeat(64), Map.of(GRANT.purpose(), GRANT));

    @Test
    void anUnconditionalFieldIsShownUnderAnyGrantedPurpose() {
        assertThat(AccessPolicy.decide(GRANT, PERSON, "name").verdict()).isEqualTo(FieldDecision.Verdict.ALLOW);
    }

    @Test
    void aHighlySensitiveFieldIsMaskedUnlessTheGrantUnmasksIt() {
        Grant unmasking = new Grant("p", null, Map.of(), Set.of("Person.citizenId"), Set.of());

        assertThat(AccessPolicy.decide(GRANT, PERSON, "citizenId").verdict()).isEqualTo(FieldDecision.Verdict.MASK);
        assertThat(AccessPolicy.decide(unmasking, PERSON, "citizenId").verdict()).isEqualTo(FieldDecision.Verdict.ALLOW);
    }

    @Test
    void aConditionalFieldNeedsTheGrantToNameIt() {
        Grant other = new Grant("other", null, Map.of("Person", Set.of("name")), Set.of(), Set.of());

        assertThat(AccessPolicy.decide(GRANT, PERSON, "ethnicity").shown()).isTrue();
        FieldDecision refused = AccessPolicy.decide(other, PERSON, "ethnicity");
        assertThat(refused.shown()).isFalse();
        assertThat(refused.reason()).contains("Person.ethnicity").contains("'other'");
    }

    @Test
    void aFieldSharedWithNobodyIsNeverShownEvenWhenGranted() {
        FieldDecision decision = AccessPolicy.decide(GRANT, PERSON, "religion");

        assertThat(decision.shown()).isFalse();
        assertThat(decision.reason()).contains("never shared");
    }

    @Test
    void aFieldWithoutSharingOrSensitivityIsConditionalAndMasked() {
        Grant everything = new Grant("all", null, Map.of("Person", Set.of("*")), Set.of(), Set.of());

        assertThat(AccessPolicy.decide(GRANT, PERSON, "nickname").shown()).isFalse();
        assertThat(AccessPolicy.decide(everything, PERSON, "nickname").verdict()).isEqualTo(FieldDecision.Verdict.MASK);
    }

    @Test
    void aMissingOrUngrantedPurposeIsRefused() {
        assertThatThrownBy(() -> AccessPolicy.grantFor(CLIENT, null)).isInstanceOf(AccessDenied.class)
                .extracting(e -> ((AccessDenied) e).code()).isEqualTo("purpose_required");
        assertThatThrownBy(() -> AccessPolicy.grantFor(CLIENT, "curiosity")).isInstanceOf(AccessDenied.class)
                .hasMessageContaining("curiosity").extracting(e -> ((AccessDenied) e).code()).isEqualTo("purpose_not_granted");
    }

    @Test
    void aCapabilityMustBeGrantedForThePurpose() {
        assertThatThrownBy(() -> AccessPolicy.grantFor(CLIENT, "marriage-registration", Capability.MATERIALS_UPLOAD))
                .isInstanceOf(AccessDenied.class).hasMessageContaining("materials.upload");
    }

    @Test
    void maskingHidesTheWholeValueOfAnythingButAnIdentifier() {
        var text = com.fasterxml.jackson.databind.node.TextNode.valueOf("MARRIAGE");
        var id = com.fasterxml.jackson.databind.node.TextNode.valueOf("11010519491231002X");

        assertThat(MaskedValue.of(PERSON, "ethnicity", text).asText()).isEqualTo("******");
        assertThat(MaskedValue.of(PERSON, "citizenId", id).asText()).isEqualTo("110*************2X");
    }
}
