/*
 * Copyright 2026 The OnceOnly Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.onceonly.access;

/**
 * The outcome of walking the access log's chain: how many entries were checked, the head (last sequence
 * number and hash — keep it somewhere else to detect a cut-off tail later), and the first broken entry.
 */
public record AuditVerification(long checked, long headSeq, String headHash, Long brokenAt, String problem) {
    public boolean intact() {
        return brokenAt == null;
    }

    /** Walks the whole chain from the first entry, a page at a time. */
    public static AuditVerification of(javax.sql.DataSource pool) {
        long checked = 0;
        long expectedSeq = 1;
        String prevHash = AccessLog.GENESIS;
        while (true) {
            var page = AccessLog.page(pool, expectedSeq - 1, 5_000);
            if (page.isEmpty()) {
                return new AuditVerification(checked, expectedSeq - 1, prevHash, null, null);
            }
            for (AccessLog.Entry entry : page) {
                if (entry.seq() != expectedSeq) {
                    return broken(checked, expectedSeq, prevHash, expectedSeq, "entry " + expectedSeq
                            + " is missing (the sequence jumps from " + (expectedSeq - 1) + " to " + entry.seq() + "): deleted");
                }
                if (!entry.prevHash().equals(prevHash)) {
                    return broken(checked, expectedSeq, prevHash, entry.seq(), "entry " + entry.seq()
                            + " does not link to entry " + (entry.seq() - 1) + " (previous hash differs): an entry before it was replaced");
                }
                if (!ChainHash.of(entry).equals(entry.hash())) {
                    return broken(checked, expectedSeq, prevHash, entry.seq(), "entry " + entry.seq()
                            + " does not match its hash: its content was edited");
                }
                prevHash = entry.hash();
                expectedSeq++;
                checked++;
            }
        }
    }

    private static AuditVerification broken(long checked, long seq, String hash, long at, String problem) {
        return new AuditVerification(checked, seq - 1, hash, at, problem);
    }
}
