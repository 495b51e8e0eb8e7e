/*
 * Copyright 2026 The OnceOnly Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.onceonly.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class CitizenIdTest {
    // GB 11643-1999's own worked example: 11010519491231002X.
    private static final String STANDARD_EXAMPLE = "11010519491231002X";

    @Test
    void standardsWorkedExampleIsValid() {
        CitizenId id = CitizenId.parse(STANDARD_EXAMPLE);

        assertThat(id.value()).isEqualTo(STANDARD_EXAMPLE);
        assertThat(id.regionCode()).isEqualTo("110105");
        assertThat(id.birthDate()).isEqualTo(LocalDate.of(1949, 12, 31));
        assertThat(id.genderCode()).isEqualTo("2");
    }

    @Test
    void lowerCaseCheckCharacterAndSurroundingSpaceAreNormalised() {
        assertThat(CitizenId.parse("  11010519491231002x ").value()).isEqualTo(STANDARD_EXAMPLE);
    }

    @Test
    void wrongCheckCharacterIsRefusedNamingTheRule() {
        assertThatThrownBy(() -> CitizenId.parse("110105194912310021"))
                .isInstanceOf(InvalidIdentifierException.class)
                .hasMessageContaining("check character");
    }

    @Test
    void impossibleBirthDateIsRefused() {
        String first17 = "11010519900230123";
        assertThatThrownBy(() -> CitizenId.parse(first17 + CitizenId.checkCharacter(first17)))
                .isInstanceOf(InvalidIdentifierException.class)
                .hasMessageContaining("birth date is not a real date");
    }

    @Test
    void futureBirthDateIsRefused() {
        String first17 = "11010520990101123";
        assertThatThrownBy(() -> CitizenId.parse(first17 + CitizenId.checkCharacter(first17)))
                .hasMessageContaining("birth date is out of range");
    }

    @Test
    void wrongLengthIsRefusedWithTheLengthFound() {
        assertThatThrownBy(() -> CitizenId.parse("11010519491231002"))
                .isInstanceOf(InvalidIdentifierException.class)
                .hasMessageContaining("found 17");
    }

    @Test
    void lettersInsideTheNumberAreRefused() {
        assertThatThrownBy(() -> CitizenId.parse("1101051949123100AX"))
                .hasMessageContaining("17 digits");
    }

    @Test
    void fifteenDigitFirstGenerationNumberIsUpgradedToEighteen() {
        CitizenId id = CitizenId.parse("110105491231002");

        assertThat(id.value()).isEqualTo(STANDARD_EXAMPLE);
    }

    @Test
    void errorMessagesAndToStringNeverCarryTheNumberInClear() {
        assertThat(CitizenId.parse(STANDARD_EXAMPLE).toString()).doesNotContain("19491231");
        assertThatThrownBy(() -> CitizenId.parse("110105194912310021"))
                .message().doesNotContain("1949123100");
    }

    @Test
    void isValidAnswersWithoutThrowing() {
        assertThat(CitizenId.isValid(STANDARD_EXAMPLE)).isTrue();
        assertThat(CitizenId.isValid("not a number")).isFalse();
        assertThat(CitizenId.isValid(null)).isFalse();
    }
}
