/*
 * Copyright 2026 The OnceOnly Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.onceonly.identity;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MaskingTest {
    @Test
    void maskKeepsOnlyTheFirstThreeAndLastTwoCharacters() {
        assertThat(Masking.mask("11010519491231002X")).isEqualTo("110*************2X");
    }

    @Test
    void identityNumbersInFreeTextAreMaskedAndOtherNumbersKept() {
        String text = "duplicate key (sfzh)=(11010519491231002X) at lsn 23436808 and 110105491231002.";

        assertThat(Masking.maskIdentityNumbers(text))
                .isEqualTo("duplicate key (sfzh)=(110*************2X) at lsn 23436808 and 110**********02.");
    }
}
