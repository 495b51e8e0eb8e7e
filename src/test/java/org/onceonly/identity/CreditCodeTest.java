/*
 * Copyright 2026 The OnceOnly Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.onceonly.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class CreditCodeTest {
    // Widely published as a valid code. Checked by hand: organisation code M000100Y: M=22, Y=34 (GB 11714
    // letter values), 22*3 + 1*5 + 34*2 = 139, 139 mod 11 = 7, 11 - 7 = 4. GB 32100 over 91350100M000100Y4
    // (M=21, Y=30 by charset index): 9 + 3 + 27 + 135 + 26 + 420 + 8 + 900 + 112 = 1640, 1640 mod 31 = 28,
    // 31 - 28 = 3.
    private static final String PUBLISHED = "91350100M000100Y43";
    // Self-generated. MA000000: M=22, A=10: 66 + 70 = 136, 136 mod 11 = 4, check 11 - 4 = 7. Then over
    // 91110105MA0000007: 9 + 3 + 9 + 27 + 26 + 85 + 420 + 290 + 196 = 1065, 1065 mod 31 = 11, 31 - 11 = 20 → L.
    private static final String GENERATED = "91110105MA0000007L";
    // Self-generated. MA000008: 136 + 16 = 152, mod 11 = 9, check 2. Over 91440300MA0000082:
    // 9 + 3 + 36 + 108 + 78 + 420 + 290 + 240 + 56 = 1240 = 40 * 31, so 31 - 0 = 31, which is written 0.
    private static final String CHECK_ZERO = "91440300MA00000820";

    @Test
    void publishedExampleIsValid() {
        CreditCode code = CreditCode.parse(PUBLISHED);

        assertThat(code.value()).isEqualTo(PUBLISHED);
        assertThat(code.registrationAuthority()).isEqualTo("9");
        assertThat(code.organisationType()).isEqualTo("1");
        assertThat(code.divisionCode()).isEqualTo("350100");
        assertThat(code.organisationCode()).isEqualTo("M000100Y4");
    }

    @Test
    void handCheckedGeneratedCodeIsValid() {
        assertThat(CreditCode.organisationCheckCharacter("MA000000")).isEqualTo('7');
        assertThat(CreditCode.checkCharacter("91110105MA0000007")).isEqualTo('L');
        assertThat(CreditCode.isValid(GENERATED)).isTrue();
    }

    @Test
    void checkValueOf31IsWrittenAsZero() {
        assertThat(CreditCode.checkCharacter("91440300MA0000082")).isEqualTo('0');
        assertThat(CreditCode.isValid(CHECK_ZERO)).isTrue();
    }

    @Test
    void organisationCheckValuesTenAndElevenAreWrittenXAndZero() {
        // MA000004: 136 + 8 = 144, mod 11 = 1, 11 - 1 = 10. MA000009: 136 + 18 = 154, mod 11 = 0, 11 - 0 = 11.
        assertThat(CreditCode.organisationCheckCharacter("MA000004")).isEqualTo('X');
        assertThat(CreditCode.organisationCheckCharacter("MA000009")).isEqualTo('0');
        assertThat(CreditCode.isValid("91440300MA000004XF")).isTrue();
        assertThat(CreditCode.isValid("91440300MA0000090T")).isTrue();
    }

    @Test
    void lowerCaseAndSurroundingSpaceAreNormalised() {
        assertThat(CreditCode.parse("  91350100m000100y43\t").value()).isEqualTo(PUBLISHED);
    }

    @Test
    void wrongCheckCharacterIsRefusedNamingTheRule() {
        assertThatThrownBy(() -> CreditCode.parse("91350100M000100Y44"))
                .isInstanceOf(InvalidIdentifierException.class)
                .hasMessageContaining("check character (position 18) does not match (GB 32100");
    }

    @Test
    void wrongOrganisationCheckCharacterIsRefusedNamingTheRule() {
        String first17 = "91350100M000100Y5";
        assertThatThrownBy(() -> CreditCode.parse(first17 + CreditCode.checkCharacter(first17)))
                .isInstanceOf(InvalidIdentifierException.class)
                .hasMessageContaining("organisation code check character (position 17) does not match (GB 11714)");
    }

    @Test
    void wrongLengthIsRefusedWithTheLengthFound() {
        assertThatThrownBy(() -> CreditCode.parse("91350100M000100Y4"))
                .hasMessageContaining("18 characters, found 17");
    }

    @Test
    void lettersOutsideTheCharsetAreRefusedWithTheirPosition() {
        for (char letter : "IOSVZ".toCharArray()) {
            assertThatThrownBy(() -> CreditCode.parse("91350100" + letter + "000100Y43"))
                    .isInstanceOf(InvalidIdentifierException.class)
                    .hasMessageContaining("position 9 is not in the GB 32100 character set");
        }
    }

    @Test
    void divisionCodeWithALetterIsRefused() {
        String first17 = "9135010AM000100Y4";
        assertThatThrownBy(() -> CreditCode.parse(first17 + CreditCode.checkCharacter(first17)))
                .hasMessageContaining("administrative division code (positions 3-8) must be 6 digits");
    }

    @Test
    void emptyInputIsRefused() {
        assertThatThrownBy(() -> CreditCode.parse("  ")).hasMessageContaining("credit code is empty");
        assertThatThrownBy(() -> CreditCode.parse(null)).hasMessageContaining("credit code is empty");
    }

    @Test
    void refusedCodeIsShownAsGivenInTheMessage() {
        assertThatThrownBy(() -> CreditCode.parse("91350100M000100Y44")).hasMessageContaining("91350100M000100Y44");
    }

    @Test
    void citizenIdentityNumberGivenAsACreditCodeIsMaskedInTheMessage() {
        assertThatThrownBy(() -> CreditCode.parse("11010519491231002X"))
                .isInstanceOf(InvalidIdentifierException.class)
                .message().doesNotContain("19491231");
    }

    @Test
    void isValidAnswersWithoutThrowing() {
        assertThat(CreditCode.isValid(PUBLISHED)).isTrue();
        assertThat(CreditCode.isValid("not a code")).isFalse();
        assertThat(CreditCode.isValid(null)).isFalse();
    }

    @Test
    void checkCharacterRefusesInputThatIsNot17CharsetCharacters() {
        assertThatThrownBy(() -> CreditCode.checkCharacter("9135010")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> CreditCode.checkCharacter("91350100I000100Y4")).isInstanceOf(IllegalArgumentException.class);
    }
}
