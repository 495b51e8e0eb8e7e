/*
 * Copyright 2026 The OnceOnly Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.onceonly.source.poll;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Test;

class ColumnKindTest {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    @Test
    void fixedWidthTextSortsByteWiseLikeTheNumbers() {
        List<Long> numbers = List.of(Long.MIN_VALUE, -1_000_000L, -2L, -1L, 0L, 1L, 9L, 10L, 1_709_281_800_000_000L, Long.MAX_VALUE);

        List<String> encoded = numbers.stream().map(ColumnKind::fixedWidth).toList();

        assertThat(encoded).isSortedAccordingTo(Comparator.naturalOrder()).doesNotHaveDuplicates();
        assertThat(ColumnKind.fixedWidth(42)).isEqualTo("0000000000000000042");
    }

    @Test
    void timestampWatermarksSortByTheirInstantIncludingMicroseconds() {
        String earlier = ColumnKind.TIMESTAMP.sortableWatermark(NODES.textNode("2024-03-01T08:30:00.000001"));
        String later = ColumnKind.TIMESTAMP.sortableWatermark(NODES.textNode("2024-03-01T08:30:00.000002"));
        String nextDay = ColumnKind.TIMESTAMP.sortableWatermark(NODES.textNode("2024-03-02T00:00"));

        assertThat(List.of(earlier, later, nextDay)).isSorted().doesNotHaveDuplicates();
    }

    @Test
    void digitOnlyTextWatermarkSortsAsANumber() {
        assertThat(ColumnKind.TEXT.sortableWatermark(NODES.textNode("20240301083000")))
                .isEqualTo(ColumnKind.fixedWidth(20_240_301_083_000L));
    }

    @Test
    void textWatermarkWithOtherCharactersIsRefused() {
        assertThatThrownBy(() -> ColumnKind.TEXT.sortableWatermark(NODES.textNode("2024-03-01 08:30")))
                .hasMessageContaining("digits only");
    }

    @Test
    void fractionalNumericWatermarkIsRefused() {
        assertThatThrownBy(() -> ColumnKind.DECIMAL.sortableWatermark(NODES.numberNode(new java.math.BigDecimal("12.5"))))
                .hasMessageContaining("whole number");
    }
}
