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
                     String subject, List<String> fields, String prevHash) {
        StringBuilder text = new StringBuilder();
        for (String part : List.of(Long.toString(seq), at.toString(), clientId, organisation, purpose, action, subject,
                String.join("\u001f", fields), prevHash)) {
            text.append(part.length()).append(':').append(part).append(';');
        }
        return Tokens.sha256Hex(text.toString());
    }

    static String of(AccessLog.Entry e) {
        return of(e.seq(), e.at(), e.clientId(), e.organisation(), e.purpose(), e.action(), e.subject(), e.fields(), e.prevHash());
    }
}
