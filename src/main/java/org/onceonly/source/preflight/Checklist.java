/*
 * Copyright 2026 The OnceOnly Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.onceonly.source.preflight;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.onceonly.source.PreflightItem.Status;
import org.onceonly.source.PreflightItem;

/**
 * The items of one preflight as they are checked. Once a check that later ones depend on has failed (the
 * server does not answer, the login is refused), the later ones are still listed, as {@code SKIP} with the
 * reason, so that the DBA sees the whole list and knows which items are still to come.
 */
final class Checklist {
    /** One check; a database error while checking makes the item a warning that says so. */
    @FunctionalInterface
    interface Check {
        Outcome run() throws SQLException;
    }

    /** A check's result without its name. */
    record Outcome(Status status, String detail, String remedy) {
        static Outcome pass(String detail) {
            return new Outcome(Status.PASS, detail, null);
        }

        static Outcome fail(String detail, String remedy) {
            return new Outcome(Status.FAIL, detail, remedy);
        }

        static Outcome warn(String detail, String remedy) {
            return new Outcome(Status.WARN, detail, remedy);
        }

        static Outcome skip(String detail, String remedy) {
            return new Outcome(Status.SKIP, detail, remedy);
        }

        boolean passed() {
            return status == Status.PASS;
        }

        boolean failed() {
            return status == Status.FAIL;
        }
    }

    private final List<PreflightItem> items = new ArrayList<>();
    private String notCheckedBecause;

    /** Runs {@code check} unless checking has stopped, in which case the item is a {@code SKIP}. */
    Outcome check(String name, Check check) {
        return check(name, null, check);
    }

    /** As {@link #check(String, Check)}, but a {@code SKIP} for {@code skipBecause} when that is not null. */
    Outcome check(String name, String skipBecause, Check check) {
        String because = notCheckedBecause != null ? notCheckedBecause : skipBecause;
        if (because != null) {
            return add(name, Outcome.skip("not checked: " + because, null));
        }
        try {
            return add(name, check.run());
        } catch (SQLException e) {
            // The check itself could not run (an odd catalog, a standby): say so, but do not stop the source.
            return add(name, Outcome.warn("could not be checked: " + e.getMessage(), null));
        }
    }

    Outcome add(String name, Outcome outcome) {
        items.add(new PreflightItem(name, outcome.status(), outcome.detail(), outcome.remedy()));
        return outcome;
    }

    /** Lists an item as skipped because checking has stopped (see {@link #stopChecking}). */
    void notChecked(String name) {
        add(name, Outcome.skip("not checked: " + notCheckedBecause, null));
    }

    /** Every later check is listed as skipped, for this reason. */
    void stopChecking(String because) {
        if (notCheckedBecause == null) {
            notCheckedBecause = because;
        }
    }

    boolean stopped() {
        return notCheckedBecause != null;
    }

    List<PreflightItem> items() {
        return List.copyOf(items);
    }
}
