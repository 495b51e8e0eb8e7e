/*
 * Copyright 2026 The OnceOnly Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.onceonly.identity;

import java.util.Optional;

/**
 * The GB/T 2260 administrative division table: six-digit codes whose first two digits name the province,
 * the next two the prefecture and the last two the county.
 */
public final class DivisionTable extends CodeTable {
    DivisionTable(CodeTable table, String file) {
        super(table);
        for (Entry entry : entries()) {
            if (!isSixDigits(entry.code())) {
                throw new IllegalStateException(file + ": division code " + entry.code() + " is not 6 digits");
            }
        }
    }

    /**
     * The province-level entry ({@code 440000 广东省}) that a code belongs to, judged by its first two
     * digits alone, so it answers for county codes the table does not list.
     */
    public Optional<Entry> provinceOf(String code) {
        if (code == null) {
            return Optional.empty();
        }
        String candidate = code.strip();
        if (!isSixDigits(candidate)) {
            return Optional.empty();
        }
        String province = candidate.substring(0, 2) + "0000";
        return nameOf(province).map(name -> new Entry(province, name));
    }

    private static boolean isSixDigits(String code) {
        return code.length() == 6 && code.chars().allMatch(c -> c >= '0' && c <= '9');
    }
}
