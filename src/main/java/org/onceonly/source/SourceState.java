package org.onceonly.source;

/** Lifecycle of a running source. */
public enum SourceState {
    STARTING, SNAPSHOT, STREAMING, RETRYING, PAUSED, FAILED, STOPPED
}
