/*
 * Copyright 2026 The OnceOnly Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.onceonly.access;

import java.time.Instant;
import java.util.List;

/**
 * The hash of one access-log entry: SHA-256 over its content and the previous entry's hash. Each part is
 * length-prefixed so that no two different entries can serialise to the same text.
 */
final class ChainHash {
    private ChainHash() {}

    static String of(long seq, Instant at, String clientId, String organisation, String purpose, String action,
                     String subject, List<String> fields, List<String> records, String prevHash) {
        StringBuilder text = new StringBuilder();
        List<String> parts = new java.util.ArrayList<>(List.of(Long.toString(seq), at.toString(), clientId, organisation, purpose,
                action, subject, String.join("\u001f", fields), prevHash));
        if (!records.isEmpty()) {
            // Entries written before records were named hash as they always did.
            parts.add(String.join("\u001f", records));
        }
        for (String part : parts) {
            text.append(part.length()).append(':').append(part).append(';');
        }
        return Tokens.sha256Hex(text.toString());
    }

    static String of(AccessLog.Entry e) {
        return of(e.seq(), e.at(), e.clientId(), e.organisation(), e.purpose(), e.action(), e.subject(), e.fields(), e.records(), e.prevHash());
    }
}
