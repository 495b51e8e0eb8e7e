/*
 * Copyright 2026 The OnceOnly Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.onceonly.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.onceonly.pool.CorrectionStore;

/** Disputes as the corrections table holds them: a shown field with an open correction is marked with the oldest. */
public final class CorrectionDisputes implements Disputes {
    private final CorrectionStore corrections;

    public CorrectionDisputes(CorrectionStore corrections) {
        this.corrections = corrections;
    }

    @Override
    public void mark(String entity, String recordKey, ObjectNode shownFields) {
        if (shownFields.isEmpty()) {
            return;
        }
        for (CorrectionStore.OpenCorrection open : corrections.openFor(entity, recordKey)) {
            if (shownFields.get(open.field()) instanceof ObjectNode field && !field.has("disputed")) {
                field.putObject("disputed").put("correction", open.id()).put("since", open.since().toString());
            }
        }
    }
}
