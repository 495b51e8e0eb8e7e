/*
 * Copyright 2026 The OnceOnly Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.onceonly.bench;

import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * Runs a load unmeasured until the JIT has done compiling, so that the measured run that follows times
 * compiled code rather than the compiler. A fixed warm-up does not: on a slow two-core machine the C2
 * compiler still took 40 % of a core a minute into the prefill load, and the requests served per second
 * kept rising for as long (docs/performance.md, "Warm-up until the JIT is quiet").
 *
 * <p>The load runs in rounds; the warm-up ends, once {@code minimum} has passed, after two rounds in a row
 * in which the compilers worked for less than {@link #QUIET} of the round's time, or at {@code limit}
 * whatever they do (the outcome says which). A limit no longer than the minimum asks for a fixed warm-up
 * of the minimum.
 */
final class JitWarmUp {
    static final Duration ROUND = Duration.ofSeconds(5);
    /** Compiler time under this share of a round's wall time counts as quiet (about 5 % of two cores). */
    static final double QUIET = 0.10;
    private static final int QUIET_ROUNDS = 2;

    private final Duration round;
    /** Milliseconds the JIT has spent compiling so far, or null where the JVM does not say. */
    private final LongSupplier compilerMillis;
    private final LongSupplier nanoTime;

    /** The load, run for the time given. */
    interface Load {
        void run(Duration duration) throws Exception;
    }

    /** How the warm-up went: its length, and whether the compilers were quiet at its end. */
    record Outcome(Duration took, boolean quiet) {}

    JitWarmUp(Duration round, LongSupplier compilerMillis, LongSupplier nanoTime) {
        this.round = round;
        this.compilerMillis = compilerMillis;
        this.nanoTime = nanoTime;
    }

    /** This JVM's compilers, rounds of {@link #ROUND}. */
    static JitWarmUp ofThisJvm() {
        CompilationMXBean compiler = ManagementFactory.getCompilationMXBean();
        boolean told = compiler != null && compiler.isCompilationTimeMonitoringSupported();
        return new JitWarmUp(ROUND, told ? compiler::getTotalCompilationTime : null, System::nanoTime);
    }

    /** The limit for a measured run of {@code measured}: eight times as long, at most {@code most}. */
    static Duration limitFor(Duration measured, Duration most) {
        Duration eightfold = measured.multipliedBy(8);
        return eightfold.compareTo(most) > 0 ? most : eightfold;
    }

    Outcome run(Duration minimum, Duration limit, Load load) throws Exception {
        long start = nanoTime.getAsLong();
        if (compilerMillis == null || limit.compareTo(minimum) <= 0) {
            load.run(minimum);
            return new Outcome(since(start), false);
        }
        int quietRounds = 0;
        while (true) {
            long compiledBefore = compilerMillis.getAsLong();
            long roundStart = nanoTime.getAsLong();
            load.run(round);
            long roundMillis = Math.max(1, (nanoTime.getAsLong() - roundStart) / 1_000_000);
            boolean quiet = compilerMillis.getAsLong() - compiledBefore < QUIET * roundMillis;
            quietRounds = quiet ? quietRounds + 1 : 0;
            Duration took = since(start);
            if (took.compareTo(minimum) >= 0 && quietRounds >= QUIET_ROUNDS) {
                return new Outcome(took, true);
            }
            if (took.compareTo(limit) >= 0) {
                return new Outcome(took, false);
            }
        }
    }

    private Duration since(long start) {
        return Duration.ofNanos(nanoTime.getAsLong() - start);
    }
}
