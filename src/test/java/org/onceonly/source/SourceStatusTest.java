/*
 * Copyright 2026 The OnceOnly Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.onceonly.source;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * A running source is RETRYING while any outage lasts, whoever reported it, and shows its own state after;
 * STALLED once anything lasts longer than the threshold; its lag is decided when asked.
 */
class SourceStatusTest {
    @Test
    void poolRefusingBatchesMakesAStreamingSourceRetryingUntilABatchIsAccepted() {
        SourceStatus status = new SourceStatus("hukou");
        status.state(SourceState.STREAMING);

        status.deliveryFailing(new IllegalStateException("pool restarting"));
        assertThat(status.state()).isEqualTo(SourceState.RETRYING);
        assertThat(status.outageSince()).isNotNull();
        assertThat(status.lastError()).contains("pool restarting");

        status.deliveryRecovered();
        assertThat(status.state()).isEqualTo(SourceState.STREAMING);
        assertThat(status.outageSince()).isNull();
        assertThat(status.outages()).isEqualTo(1);
    }

    @Test
    void sourceStaysRetryingWhileEitherOutageLasts() {
        SourceStatus status = new SourceStatus("hukou");
        status.state(SourceState.SNAPSHOTTING);

        status.captureFailing("cannot reach 10.1.2.3:5432");
        status.deliveryFailing(new IllegalStateException("pool down"));
        status.captureRecovered();
        assertThat(status.state()).isEqualTo(SourceState.RETRYING);

        status.deliveryRecovered();
        assertThat(status.state()).isEqualTo(SourceState.SNAPSHOTTING);
        assertThat(status.outages()).as("one outage, reported twice").isEqualTo(1);
    }

    @Test
    void pausedSourceIsNotRetryingAnything() {
        SourceStatus status = new SourceStatus("hukou");
        status.state(SourceState.STREAMING);
        status.captureFailing("cannot reach 10.1.2.3:5432");

        status.state(SourceState.STOPPED);

        assertThat(status.state()).isEqualTo(SourceState.STOPPED);
        assertThat(status.outageSince()).isNull();
    }

    @Test
    void errorTextIsMaskedForIdentityNumbers() {
        SourceStatus status = new SourceStatus("hukou");
        status.captureFailing("duplicate key (sfzh)=(11010519491231002X)");

        assertThat(status.lastError()).doesNotContain("11010519491231002X").contains("110*************2X");
    }

    @Test
    void outageLongerThanTheStallThresholdMakesTheSourceStalledWithItsError() throws InterruptedException {
        SourceStatus status = new SourceStatus("hukou");
        status.stallAfter(Duration.ofMillis(50));
        status.state(SourceState.STREAMING);

        status.deliveryFailing(new IllegalStateException("out of shared memory"));
        assertThat(status.state()).isEqualTo(SourceState.RETRYING);
        Awaitility.await().until(() -> status.state() == SourceState.STALLED);
        assertThat(status.lastError()).contains("out of shared memory");

        status.deliveryRecovered();
        assertThat(status.state()).isEqualTo(SourceState.STREAMING);
    }

    @Test
    void batchThePoolHasNotCommittedForLongerThanTheThresholdIsAStallEvenWithoutAnError() {
        SourceStatus status = new SourceStatus("hukou");
        status.stallAfter(Duration.ofMillis(50));
        status.state(SourceState.STREAMING);

        status.received(Instant.now());

        Awaitility.await().until(() -> status.state() == SourceState.STALLED);
        status.settled();
        assertThat(status.state()).isEqualTo(SourceState.STREAMING);
    }

    @Test
    void lagIsTheAgeOfTheOldestChangeNotYetCommittedAndZeroWhenCaughtUp() {
        SourceStatus status = new SourceStatus("hukou");
        status.state(SourceState.STREAMING);
        assertThat(status.lagMillis()).isZero();

        status.received(Instant.now().minusSeconds(11));
        assertThat(status.lagMillis()).isBetween(11_000L, 20_000L);

        status.settled();
        assertThat(status.lagMillis()).isZero();
    }

    @Test
    void polledSourcesLagIsTheTimeSinceItsLastCompletePass() {
        SourceStatus status = new SourceStatus("scjg");
        status.polled();
        status.state(SourceState.STREAMING);

        status.passCompleted();

        assertThat(status.lagMillis()).isBetween(0L, 5_000L);
    }

    @Test
    void captureThatCannotRunIsStalledUntilARunnerStartsAgain() {
        SourceStatus status = new SourceStatus("hukou");
        status.state(SourceState.STREAMING);

        status.failed(new IllegalStateException("engine gave up"));
        assertThat(status.state()).isEqualTo(SourceState.STALLED);

        status.state(SourceState.STARTING);
        assertThat(status.state()).isEqualTo(SourceState.STARTING);
    }
}
