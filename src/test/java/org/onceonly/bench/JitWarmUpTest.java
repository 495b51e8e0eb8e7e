/*
 * Copyright 2026 The OnceOnly Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.onceonly.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class JitWarmUpTest {
    private static final Duration ROUND = Duration.ofSeconds(5);

    /** A clock that the load moves on, and a compiler that works the given milliseconds in each round. */
    private static final class Rounds {
        final AtomicLong nanos = new AtomicLong();
        final AtomicLong compiled = new AtomicLong();
        final ArrayDeque<Long> compilerWork;
        int rounds;

        Rounds(List<Long> compilerWorkPerRound) {
            compilerWork = new ArrayDeque<>(compilerWorkPerRound);
        }

        JitWarmUp.Outcome warmUp(Duration minimum, Duration limit) throws Exception {
            return new JitWarmUp(ROUND, compiled::get, nanos::get).run(minimum, limit, time -> {
                rounds++;
                nanos.addAndGet(time.toNanos());
                compiled.addAndGet(compilerWork.isEmpty() ? 0 : compilerWork.poll());
            });
        }
    }

    @Test
    void endsAfterTwoRoundsInARowWithTheCompilersQuiet() throws Exception {
        Rounds rounds = new Rounds(List.of(4_000L, 2_000L, 100L, 3_000L, 100L, 100L, 4_000L));

        JitWarmUp.Outcome outcome = rounds.warmUp(Duration.ofSeconds(5), Duration.ofMinutes(3));

        assertThat(rounds.rounds).isEqualTo(6);
        assertThat(outcome.quiet()).isTrue();
        assertThat(outcome.took()).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void runsAtLeastTheMinimumEvenWhenTheCompilersAreQuietFromTheStart() throws Exception {
        Rounds rounds = new Rounds(List.of());

        JitWarmUp.Outcome outcome = rounds.warmUp(Duration.ofSeconds(20), Duration.ofMinutes(3));

        assertThat(outcome.took()).isEqualTo(Duration.ofSeconds(20));
        assertThat(outcome.quiet()).isTrue();
    }

    @Test
    void stopsAtTheLimitAndSaysSoWhenTheCompilersNeverQuieten() throws Exception {
        Rounds rounds = new Rounds(java.util.Collections.nCopies(100, 1_000L));

        JitWarmUp.Outcome outcome = rounds.warmUp(Duration.ofSeconds(5), Duration.ofSeconds(40));

        assertThat(outcome.took()).isEqualTo(Duration.ofSeconds(40));
        assertThat(outcome.quiet()).isFalse();
    }

    @Test
    void runsTheMinimumOnceWhereTheJvmDoesNotTellCompilerTime() throws Exception {
        AtomicLong nanos = new AtomicLong();
        List<Duration> runs = new java.util.ArrayList<>();

        JitWarmUp.Outcome outcome = new JitWarmUp(ROUND, null, nanos::get).run(Duration.ofSeconds(3), Duration.ofMinutes(3), time -> {
            runs.add(time);
            nanos.addAndGet(time.toNanos());
        });

        assertThat(runs).containsExactly(Duration.ofSeconds(3));
        assertThat(outcome.quiet()).isFalse();
    }

    @Test
    void aLimitNoLongerThanTheMinimumIsAFixedWarmUpOfTheMinimum() throws Exception {
        Rounds rounds = new Rounds(java.util.Collections.nCopies(100, 1_000L));

        JitWarmUp.Outcome outcome = rounds.warmUp(Duration.ofSeconds(2), Duration.ZERO);

        assertThat(rounds.rounds).isEqualTo(1);
        assertThat(outcome.took()).isEqualTo(Duration.ofSeconds(2));
        assertThat(outcome.quiet()).isFalse();
    }

    @Test
    void limitIsEightTimesTheMeasuredRunUpToTheGivenMost() {
        assertThat(JitWarmUp.limitFor(Duration.ofSeconds(15), Duration.ofMinutes(3))).isEqualTo(Duration.ofSeconds(120));
        assertThat(JitWarmUp.limitFor(Duration.ofSeconds(60), Duration.ofMinutes(3))).isEqualTo(Duration.ofMinutes(3));
        assertThat(JitWarmUp.limitFor(Duration.ofSeconds(2), Duration.ZERO)).isEqualTo(Duration.ZERO);
    }
}
