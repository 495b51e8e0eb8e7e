/*
 * Copyright 2026 The OnceOnly Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.onceonly.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CreditCodesTest {

    @Test
    void theStandardsWorkedExampleIsValid() {
        // GB 32100's example code: organisation code M000100Y-4, check character 3.
        assertThat(CreditCodes.organisationCheckCharacter("M000100Y")).isEqualTo('4');
        assertThat(CreditCodes.creditCodeCheckCharacter("91350100M000100Y4")).isEqualTo('3');
        assertThat(CreditCodes.isValid("91350100M000100Y43")).isTrue();
    }

    @Test
    void organisationCheckCharacterMapsTenToXAndElevenToZero() {
        // weights 3,7,9,10,5,8,4,2: only the last digit counts here, times 2
        assertThat(CreditCodes.organisationCheckCharacter("00000001")).isEqualTo('9');  // 11 - 2
        assertThat(CreditCodes.organisationCheckCharacter("00000006")).isEqualTo('X');  // 11 - 12 mod 11 = 10
        assertThat(CreditCodes.organisationCheckCharacter("00000000")).isEqualTo('0');  // 11 - 0 = 11
    }

    @Test
    void generatedCodesAreValidUniqueAndCarryTypeAndDivision() {
        CreditCodes codes = new CreditCodes(new Random(1));
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 2_000; i++) {
            char type = i % 4 == 0 ? '2' : '1';
            String code = codes.next(type, "110105");
            assertThat(CreditCodes.isValid(code)).as(code).isTrue();
            assertThat(code).startsWith("9" + type + "110105");
            assertThat(seen.add(code)).isTrue();
        }
    }

    @Test
    void anyChangedCharacterIsCaught() {
        String code = new CreditCodes(new Random(2)).next('1', "310104");
        for (int position = 0; position < 18; position++) {
            for (char replacement : CreditCodes.CHARSET.toCharArray()) {
                if (replacement == code.charAt(position)) {
                    continue;
                }
                String changed = code.substring(0, position) + replacement + code.substring(position + 1);
                assertThat(CreditCodes.isValid(changed)).as(changed).isFalse();
            }
        }
        assertThat(CreditCodes.isValid(code.substring(0, 17) + "I")).isFalse();
        assertThat(CreditCodes.isValid(code.substring(1))).isFalse();
    }
}
