/*
 * Copyright 2026 The OnceOnly Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.onceonly.schema;

/**
 * A {@link CanonicalSink} could not take a batch, and what that means for the caller (the split Debezium's
 * {@code ErrorHandler} makes between retriable and other errors):
 * <ul>
 *   <li>{@link Kind#TRANSIENT}: the same batch will succeed later (a deadlock or serialisation failure, the
 *       store restarting or out of reach, a resource running short): retry it after a back-off;</li>
 *   <li>{@link Kind#REFUSED}: the store refuses something in the batch's data (a constraint, a value it cannot
 *       take, a trigger raising): retrying the same batch fails again, so the caller isolates the change it
 *       refuses and quarantines that change alone;</li>
 *   <li>{@link Kind#FAILED}: neither is known (the store misconfigured, say): retry after a back-off, so that
 *       an operator's fix lets the source continue, but never quarantine data for it.</li>
 * </ul>
 */
public class SinkException extends RuntimeException {
    /** How a caller should treat the failure. */
    public enum Kind { TRANSIENT, REFUSED, FAILED }

    private final Kind kind;

    public SinkException(String message, Kind kind) {
        super(message);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }

    public boolean transientFailure() {
        return kind == Kind.TRANSIENT;
    }

    /** The store's own reason, as a quarantined change keeps it. */
    public String storeMessage() {
        return getMessage();
    }

    /** Whether the store refuses the batch's data, so that retrying it unchanged cannot succeed. */
    public boolean refused() {
        return kind == Kind.REFUSED;
    }
}
