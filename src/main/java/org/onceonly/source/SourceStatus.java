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
 * streaming) is kept underneath and shows again once no outage is left.
 */
public final class SourceStatus {
    private final String sourceId;
    private volatile SourceState state = SourceState.STARTING;
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
    private volatile long lagMillis = -1;
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
        boolean running = current == SourceState.STARTING || current == SourceState.SNAPSHOT || current == SourceState.STREAMING;
        return running && (deliveryOutage != null || captureOutage != null) ? SourceState.RETRYING : current;
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
        state = newState;
        if (newState == SourceState.PAUSED || newState == SourceState.STOPPED) {
            deliveryOutage = null; // a stopped source is not retrying anything
            captureOutage = null;
        }
    }

    public void applied(int count, String position, Instant eventTime) {
        events.addAndGet(count);
        if (state == SourceState.SNAPSHOT) {
            snapshotRowsDone.addAndGet(count);
        }
        lastPosition = position;
        lastEventTime = eventTime;
        lagMillis = Math.max(0, System.currentTimeMillis() - eventTime.toEpochMilli());
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

    /** Time between the source committing the last delivered change and the hub delivering it, or -1. */
    public long lagMillis() {
        return lagMillis;
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
        if (state != SourceState.SNAPSHOT || snapshotRowsTotal < 0 || rate <= 0) {
            return -1;
        }
        return Math.max(0, Math.round(remaining / rate));
    }

    /** A new (re-)snapshot starts: its progress counts from zero, not on top of the last one's. */
    public void snapshotRestarted() {
        snapshotRowsDone.set(0);
        state = SourceState.SNAPSHOT;
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
        state = SourceState.FAILED;
        error(Masking.maskIdentityNumbers("preflight failed: " + report.failureNames()
                + " (onceonly source check " + report.sourceId() + " shows the fixes)"));
    }

    /** The runner stopped on an error; the text is masked because database errors may quote row values. */
    public void failed(Throwable error) {
        state = SourceState.FAILED;
        error(describe(error));
    }
}
