package org.onceonly.source;

import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import org.onceonly.identity.Masking;

/** Live counters of one source, updated by its runner and read by status endpoints and tests. */
public final class SourceStatus {
    private final String sourceId;
    private volatile SourceState state = SourceState.STARTING;
    private final AtomicLong events = new AtomicLong();
    private volatile Instant lastEventTime;
    private volatile String lastPosition;
    private volatile String lastError;

    public SourceStatus(String sourceId) {
        this.sourceId = sourceId;
    }

    public String sourceId() {
        return sourceId;
    }

    public SourceState state() {
        return state;
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

    void state(SourceState newState) {
        state = newState;
    }

    void applied(int count, String position, Instant eventTime) {
        events.addAndGet(count);
        lastPosition = position;
        lastEventTime = eventTime;
        if (state == SourceState.RETRYING) {
            lastError = null;
        }
    }

    /** The hub did not start the source because its {@link Preflight} found something missing. */
    public void refused(PreflightReport report) {
        state = SourceState.FAILED;
        lastError = Masking.maskIdentityNumbers("preflight failed: " + report.failureNames()
                + " (onceonly source check " + report.sourceId() + " shows the fixes)");
    }

    /** Records an error; the text is masked because database errors may quote row values. */
    void failed(SourceState newState, Throwable error) {
        state = newState;
        lastError = Masking.maskIdentityNumbers(error.getClass().getSimpleName() + ": " + error.getMessage());
    }
}
