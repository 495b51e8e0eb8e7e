/*
 * Copyright 2026 The OnceOnly Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.onceonly.source;

import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import org.onceonly.identity.Masking;

/**
 * Live counters of one source, updated by its runner and read by status endpoints and tests.
 *
 * <p>A running source is {@link SourceState#RETRYING} while anything stops it from moving: the pool refusing
 * its batches ({@link #deliveryFailing}) or its own database out of reach ({@link #captureFailing}) — each
 * reported by whoever notices it and cleared by whoever sees it work again. The runner's own state (snapshot,
 * streaming) is kept underneath and shows again once no outage is left. Anything that lasts longer than
 * {@link #stallAfter} — an outage, a batch the pool has not committed, a capture that does not connect — makes
 * it {@link SourceState#STALLED}, as does a capture that cannot run at all; both are decided when asked, so
 * a source that stops moving is reported without anyone having to notice it first.
 *
 * <p>Lag is decided when asked too: the age of the oldest change the hub has received and not yet committed
 * to the pool (zero when caught up); for a polled source, the time since its last complete pass.
 */
public final class SourceStatus {
    private final String sourceId;
    public static final java.time.Duration DEFAULT_STALL = java.time.Duration.ofSeconds(120);
    private volatile SourceState state = SourceState.STARTING;
    private volatile Instant stateSince = Instant.now();
    private volatile java.time.Duration stallAfter = DEFAULT_STALL;
    // The capture cannot run (its engine gave up, its preflight failed) until someone acts.
    private volatile boolean blocked;
    // Oldest change received and not yet committed: its source commit time, and when the hub received it.
    private volatile Instant pendingChangeTime;
    private volatile Instant pendingSince;
    private volatile boolean polled;
    private volatile Instant lastCompletePass;
    private volatile String deliveryOutage;
    private volatile String captureOutage;
    private volatile Instant outageSince;
    private final AtomicLong outages = new AtomicLong();
    private volatile Instant lastErrorTime;
    private final AtomicLong events = new AtomicLong();
    private volatile Instant lastEventTime;
    private volatile String lastPosition;
    private volatile String lastError;
    private final AtomicLong snapshotRowsDone = new AtomicLong();
    private volatile long snapshotRowsTotal = -1;
    private volatile long bytesBehind = -1;
    private volatile long retainedWalBytes = -1;
    private volatile String warning;
    private final AtomicLong skippedDdl = new AtomicLong();
    private volatile String lastSkippedDdl;
    // Events per second over the last RATE_WINDOW seconds: one counter per second, reused round-robin.
    private static final int RATE_WINDOW = 10;
    private final long[] eventsPerSecond = new long[RATE_WINDOW];
    private final long[] secondOfSlot = new long[RATE_WINDOW];

    public SourceStatus(String sourceId) {
        this.sourceId = sourceId;
    }

    public String sourceId() {
        return sourceId;
    }

    public SourceState state() {
        SourceState current = state;
        if (current == SourceState.STOPPED) {
            return current;
        }
        if (blocked) {
            return SourceState.STALLED;
        }
        Instant now = Instant.now();
        boolean outage = deliveryOutage != null || captureOutage != null;
        if (longerThanStall(outage ? outageSince : null, now) || longerThanStall(pendingSince, now)
                || (current == SourceState.STARTING && longerThanStall(stateSince, now))) {
            return SourceState.STALLED;
        }
        return outage ? SourceState.RETRYING : current;
    }

    private boolean longerThanStall(Instant since, Instant now) {
        return since != null && since.plus(stallAfter).isBefore(now);
    }

    /** How long a source may move nothing while changes wait before it is {@link SourceState#STALLED} ({@code watch.stallSeconds}). */
    public void stallAfter(java.time.Duration threshold) {
        if (threshold.isNegative() || threshold.isZero()) {
            throw new IllegalArgumentException("watch.stallSeconds must be 1 or more");
        }
        stallAfter = threshold;
    }

    public java.time.Duration stallAfter() {
        return stallAfter;
    }

    /** The state as the runner last set it, before outages and stalls are considered. */
    public SourceState stateAsSet() {
        return state;
    }

    /** When the current state (as the runner set it) began. */
    public Instant stateSince() {
        return stateSince;
    }

    /** When the current outage began, or null when there is none. */
    public Instant outageSince() {
        return deliveryOutage != null || captureOutage != null ? outageSince : null;
    }

    /** Outages since the hub started: times the source went from moving to {@link SourceState#RETRYING}. */
    public long outages() {
        return outages.get();
    }

    /** When {@link #lastError()} happened, or null. */
    public Instant lastErrorTime() {
        return lastErrorTime;
    }

    /** The pool (or whatever handles the batches) refuses them; the runner retries the same batch. */
    void deliveryFailing(Throwable error) {
        String reason = describe(error);
        beginOutage();
        deliveryOutage = reason;
        error(reason);
    }

    /** A batch was accepted again. */
    void deliveryRecovered() {
        deliveryOutage = null;
    }

    /** The source's own database cannot be read (down, unreachable, or the capture not connected to it). */
    public void captureFailing(String reason) {
        String masked = Masking.maskIdentityNumbers(reason);
        beginOutage();
        captureOutage = masked;
        error(masked);
    }

    /** The source's database is being read again. */
    public void captureRecovered() {
        captureOutage = null;
    }

    /** Whether the source's database is reported out of reach. */
    public boolean captureFailing() {
        return captureOutage != null;
    }

    private synchronized void beginOutage() {
        if (deliveryOutage == null && captureOutage == null) {
            outageSince = Instant.now();
            outages.incrementAndGet();
        }
    }

    private void error(String text) {
        lastError = text;
        lastErrorTime = Instant.now();
    }

    private static String describe(Throwable error) {
        return Masking.maskIdentityNumbers(error.getClass().getSimpleName() + ": " + error.getMessage());
    }

    public long events() {
        return events.get();
    }

    public Instant lastEventTime() {
        return lastEventTime;
    }

    public String lastPosition() {
        return lastPosition;
    }

    public String lastError() {
        return lastError;
    }

    public void state(SourceState newState) {
        if (state != newState) {
            stateSince = Instant.now();
        }
        state = newState;
        blocked = false; // a runner that says what it does (a restarted one too) is no longer blocked
        if (newState == SourceState.STOPPED) {
            deliveryOutage = null; // a stopped source is not retrying anything
            captureOutage = null;
            pendingChangeTime = null;
            pendingSince = null;
        }
    }

    /** The runner received a batch and hands it on; {@code oldestChange} is its oldest change's source time. */
    void received(Instant oldestChange) {
        pendingChangeTime = oldestChange;
        pendingSince = Instant.now();
    }

    /** The batch handed on is committed, or given up (the source is stopping): nothing of it waits any more. */
    void settled() {
        pendingChangeTime = null;
        pendingSince = null;
    }

    /** This source is polled: its lag is the time since its last complete pass over every table. */
    public void polled() {
        polled = true;
    }

    /** A polled source read every table up to its end. */
    public void passCompleted() {
        lastCompletePass = Instant.now();
    }

    public void applied(int count, String position, Instant eventTime) {
        events.addAndGet(count);
        if (state == SourceState.SNAPSHOTTING) {
            snapshotRowsDone.addAndGet(count);
        }
        lastPosition = position;
        lastEventTime = eventTime;
        count(count, System.currentTimeMillis() / 1000);
    }

    private synchronized void count(int events, long second) {
        int slot = (int) (second % RATE_WINDOW);
        if (secondOfSlot[slot] != second) {
            secondOfSlot[slot] = second;
            eventsPerSecond[slot] = 0;
        }
        eventsPerSecond[slot] += events;
    }

    /** Mean events per second over the last ten seconds. */
    public synchronized double eventsPerSecond() {
        long now = System.currentTimeMillis() / 1000;
        long total = 0;
        for (int i = 0; i < RATE_WINDOW; i++) {
            if (now - secondOfSlot[i] < RATE_WINDOW) {
                total += eventsPerSecond[i];
            }
        }
        return total / (double) RATE_WINDOW;
    }

    public long snapshotRowsDone() {
        return snapshotRowsDone.get();
    }

    /** Rows the snapshot is expected to read (the database's estimate), or -1 when unknown. */
    public long snapshotRowsTotal() {
        return snapshotRowsTotal;
    }

    /**
     * How far behind the source the pool is, now: the age of the oldest change received and not yet committed
     * (0 when none waits); for a polled source the time since its last complete pass (since it started, before
     * the first). -1 while a polled source has not started.
     */
    public long lagMillis() {
        long now = System.currentTimeMillis();
        if (polled) {
            Instant pass = lastCompletePass;
            Instant since = pass != null ? pass : state == SourceState.STOPPED ? null : stateSince;
            return since == null ? -1 : Math.max(0, now - since.toEpochMilli());
        }
        Instant oldest = pendingChangeTime;
        return oldest == null ? 0 : Math.max(0, now - oldest.toEpochMilli());
    }

    /** How far the source's log has moved past what the hub confirmed (PostgreSQL: WAL bytes), or -1. */
    public long bytesBehind() {
        return bytesBehind;
    }

    /** WAL the source keeps for this hub's slot, or -1 when not applicable. */
    public long retainedWalBytes() {
        return retainedWalBytes;
    }

    /** A condition the operator should act on (retained WAL over its limit, a slot used by someone else), or null. */
    public String warning() {
        return warning;
    }

    /** Seconds until the snapshot is done at the current rate, or -1 when unknown. */
    public long snapshotEtaSeconds() {
        double rate = eventsPerSecond();
        long remaining = snapshotRowsTotal - snapshotRowsDone.get();
        if (state != SourceState.SNAPSHOTTING || snapshotRowsTotal < 0 || rate <= 0) {
            return -1;
        }
        return Math.max(0, Math.round(remaining / rate));
    }

    /** A new (re-)snapshot starts: its progress counts from zero, not on top of the last one's. */
    public void snapshotRestarted() {
        snapshotRowsDone.set(0);
        state(SourceState.SNAPSHOTTING);
    }

    void snapshotRowsTotal(long total) {
        snapshotRowsTotal = total;
    }

    void probed(long behind, long retained, String newWarning) {
        bytesBehind = behind;
        retainedWalBytes = retained;
        warning = newWarning;
    }

    /**
     * The source's engine skipped a DDL statement its parser cannot read and captures on. Kept masked and cut
     * to {@link #DDL_SHOWN} characters: the statement may quote values.
     */
    public void ddlSkipped(String statement) {
        String masked = Masking.maskIdentityNumbers(statement.strip());
        lastSkippedDdl = masked.length() <= DDL_SHOWN ? masked : masked.substring(0, DDL_SHOWN) + "...";
        skippedDdl.incrementAndGet();
    }

    static final int DDL_SHOWN = 500;

    /** DDL statements skipped since the hub started because the parser could not read them. */
    public long skippedDdl() {
        return skippedDdl.get();
    }

    /** The last of them (masked, shortened), or null. */
    public String lastSkippedDdl() {
        return lastSkippedDdl;
    }

    /** The hub did not start the source because its {@code Preflight} found something missing. */
    public void refused(PreflightReport report) {
        blocked = true;
        error(Masking.maskIdentityNumbers("preflight failed: " + report.failureNames()
                + " (onceonly source check " + report.sourceId() + " shows the fixes)"));
    }

    /** The runner stopped on an error; the text is masked because database errors may quote row values. */
    public void failed(Throwable error) {
        blocked = true;
        error(describe(error));
    }
}
