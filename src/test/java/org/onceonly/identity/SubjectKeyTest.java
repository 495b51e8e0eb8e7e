/*
 * Copyright 2026 The OnceOnly Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.onceonly.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.onceonly.testkit.Identifiers;

/** One parser for every subject key: the forms people type keys in all reach the key the pool stores. */
class SubjectKeyTest {
    private static final String CITIZEN = "11010519491231002X";

    @Test
    void fullWidthDigitsAndSurroundingNoBreakSpacesReadAsTheIdentityNumber() {
        assertThat(SubjectKey.any("\u00A0１１０１０５１９４９１２３１００２ｘ\u3000")).isEqualTo(new SubjectKey(SubjectKey.Kind.CITIZEN_ID, CITIZEN));
        assertThat(CitizenId.parse("\u00A0" + CITIZEN + "\u2007").value()).isEqualTo(CITIZEN);
    }

    @Test
    void fifteenDigitNumberIsUpgradedWhereverItArrives() {
        String fifteen = "110105491231002";
        assertThat(SubjectKey.any(fifteen).value()).hasSize(18).startsWith("11010519491231002");
        assertThat(SubjectKey.party(fifteen).value()).isEqualTo(CitizenId.parse(fifteen).value());
    }

    @Test
    void allDigitCreditCodeIsACreditCodeNotABadIdentityNumber() {
        String code = Identifiers.allDigitCreditCode();

        SubjectKey key = SubjectKey.any(code);

        assertThat(key.kind()).isEqualTo(SubjectKey.Kind.CREDIT_CODE);
        assertThat(key.fits(SubjectKey.CREDIT_CODE_RULE)).isTrue();
        assertThat(SubjectKey.party(code).value()).isEqualTo(code);
    }

    @Test
    void lowerCaseCreditCodeIsUpperCased() {
        assertThat(SubjectKey.any("91350100m000100y43")).isEqualTo(new SubjectKey(SubjectKey.Kind.CREDIT_CODE, "91350100M000100Y43"));
        assertThat(CreditCode.parse("９１３５０１００ｍ０００１００ｙ４３").value()).isEqualTo("91350100M000100Y43");
    }

    @Test
    void recordNumberKeepsItsCaseAndIsNoParty() {
        assertThat(SubjectKey.any(" J110105-2020-000001 ")).isEqualTo(new SubjectKey(SubjectKey.Kind.RECORD_NUMBER, "J110105-2020-000001"));
        assertThatThrownBy(() -> SubjectKey.party("J110105-2020-000001")).isInstanceOf(InvalidIdentifierException.class)
                .hasMessageContaining("citizen identity number");
    }

    @Test
    void identityNumberShapeWithAWrongCheckCharacterIsRefusedWithTheRule() {
        assertThatThrownBy(() -> SubjectKey.any("110105194912310021")).isInstanceOf(InvalidIdentifierException.class)
                .hasMessageContaining("check character").hasMessageNotContaining("110105194912310021");
    }

    @Test
    void emptyOrSpaceOnlyKeyIsMissing() {
        assertThatThrownBy(() -> SubjectKey.any("\u00A0 \u3000")).hasMessageContaining("is missing");
        assertThatThrownBy(() -> SubjectKey.byRule("", SubjectKey.CITIZEN_ID_RULE)).isInstanceOf(InvalidIdentifierException.class);
    }

    @Test
    void keyByRuleAppliesOnlyThatRule() {
        assertThat(SubjectKey.byRule("１１０１０５１９４９１２３１００２x", SubjectKey.CITIZEN_ID_RULE).value()).isEqualTo(CITIZEN);
        assertThatThrownBy(() -> SubjectKey.byRule(CITIZEN, SubjectKey.CREDIT_CODE_RULE)).isInstanceOf(InvalidIdentifierException.class);
        assertThatThrownBy(() -> SubjectKey.byRule("a b", null)).hasMessageContaining("letters, digits");
    }

    @Test
    void citizenNumberFitsPersonRecordsAndNotOrganisations() {
        SubjectKey key = SubjectKey.any(CITIZEN);
        assertThat(key.fits(SubjectKey.CITIZEN_ID_RULE)).isTrue();
        assertThat(key.fits(SubjectKey.CREDIT_CODE_RULE)).isFalse();
        assertThat(key.fits(null)).isFalse();
    }
}
