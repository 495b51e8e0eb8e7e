/*
 * Copyright 2026 The OnceOnly Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.onceonly.faults;

import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A department clerk at a steady pace: moves residents (a new, never-used address each time) at
 * {@code perSecond} changes a second on its own thread, and records every committed change in the ledger.
 * {@link #pause()} returns once no change is in flight, so that a test can stop the department's server
 * without leaving a commit whose outcome is unknown.
 */
final class SteadyWriter implements AutoCloseable {
    /** One change in the department: the resident {@code id} moves to {@code address}. */
    @FunctionalInterface
    interface Mover {
        void move(long id, String address) throws Exception;
    }

    private final String label;
    private final int perSecond;
    private final long residents;
    private final Random random;
    private final Mover mover;
    private final ChangeLedger ledger;
    private final AtomicLong written = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final Object inFlight = new Object();
    private volatile boolean paused;
    private volatile boolean stopped;
    private Thread thread;

    SteadyWriter(String label, int perSecond, long residents, long seed, Mover mover, ChangeLedger ledger) {
        this.label = label;
        this.perSecond = perSecond;
        this.residents = residents;
        this.random = new Random(seed);
        this.mover = mover;
        this.ledger = ledger;
    }

    SteadyWriter start() {
        thread = new Thread(this::run, "steady-writer-" + label);
        thread.setDaemon(true);
        thread.start();
        return this;
    }

    private void run() {
        long intervalNanos = 1_000_000_000L / perSecond;
        long next = System.nanoTime();
        while (!stopped) {
            if (!paused) {
                long id = 1 + (long) (random.nextDouble() * residents);
                synchronized (inFlight) {
                    if (!paused && !stopped) {
                        try {
                            mover.move(id, label + "路" + written.get() + "号-" + id);
                            ledger.changed(id);
                            written.incrementAndGet();
                        } catch (Exception e) {
                            failed.incrementAndGet();
                        }
                    }
                }
            }
            next += intervalNanos;
            long wait = next - System.nanoTime();
            if (wait > 0) {
                try {
                    // pacing, not waiting for a condition
                    Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                } catch (InterruptedException e) {
                    return;
                }
            } else {
                next = System.nanoTime(); // fell behind (the department was slow): do not burst to catch up
            }
        }
    }

    /** Stops writing; returns once no change is in flight. */
    void pause() {
        paused = true;
        synchronized (inFlight) {
            // nothing: entering the monitor waits out a change in flight
        }
    }

    void resume() {
        paused = false;
    }

    /** Changes committed so far. */
    long written() {
        return written.get();
    }

    /** Changes that failed (and are not in the ledger). */
    long failed() {
        return failed.get();
    }

    @Override
    public void close() {
        stopped = true;
        pause();
        if (thread != null) {
            try {
                thread.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
