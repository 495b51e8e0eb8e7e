/*
 * Copyright 2026 The OnceOnly Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.onceonly.source;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;
import org.onceonly.source.PreflightItem.Status;

/**
 * What a source's {@code Preflight} found, in checking order. The verdict is the worst status: a source
 * with any {@code FAIL} is not started; warnings are shown but do not stop it.
 */
public record PreflightReport(String sourceId, SourceKind kind, List<PreflightItem> items) {
    public PreflightReport {
        Objects.requireNonNull(sourceId, "sourceId");
        Objects.requireNonNull(kind, "kind");
        items = List.copyOf(items);
    }

    public Status verdict() {
        return failed() ? Status.FAIL : count(Status.WARN) > 0 ? Status.WARN : Status.PASS;
    }

    public boolean failed() {
        return count(Status.FAIL) > 0;
    }

    public long count(Status status) {
        return items.stream().filter(item -> item.status() == status).count();
    }

    public List<PreflightItem> items(Status status) {
        return items.stream().filter(item -> item.status() == status).toList();
    }

    /** Every item as text, as {@code onceonly source check} prints it. */
    public List<String> lines() {
        return lines(items);
    }

    /**
     * Items as text: {@code STATUS  name: detail}, then the remedy indented under {@code fix:}, one line
     * of text per line of remedy.
     */
    public static List<String> lines(List<PreflightItem> items) {
        List<String> lines = new ArrayList<>();
        for (PreflightItem item : items) {
            lines.add(String.format("%-4s  %s", item.status(), item.name()) + (item.detail() == null ? "" : ": " + item.detail()));
            if (item.remedy() != null) {
                String[] remedy = item.remedy().split("\n");
                lines.add("      fix: " + remedy[0]);
                for (int i = 1; i < remedy.length; i++) {
                    lines.add("           " + remedy[i]);
                }
            }
        }
        return lines;
    }

    /** {@code public-security-hukou: not ready: 1 failed, 1 warning, 10 passed, 3 skipped}. */
    public String summary() {
        List<String> counts = new ArrayList<>();
        if (failed()) {
            counts.add(count(Status.FAIL) + " failed");
        }
        long warnings = count(Status.WARN);
        if (warnings > 0) {
            counts.add(warnings + (warnings == 1 ? " warning" : " warnings"));
        }
        counts.add(count(Status.PASS) + " passed");
        if (count(Status.SKIP) > 0) {
            counts.add(count(Status.SKIP) + " skipped");
        }
        return sourceId + ": " + (failed() ? "not ready" : "ready") + ": " + String.join(", ", counts);
    }

    /** The names of the failed items, for a status line: {@code SELECT on hukou.residents; wal_level = logical}. */
    public String failureNames() {
        return items(Status.FAIL).stream().map(PreflightItem::name).collect(Collectors.joining("; "));
    }
}
