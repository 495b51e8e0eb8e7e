package org.onceonly.source;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** A running source is RETRYING while any outage lasts, whoever reported it, and shows its own state after. */
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
        status.state(SourceState.SNAPSHOT);

        status.captureFailing("cannot reach 10.1.2.3:5432");
        status.deliveryFailing(new IllegalStateException("pool down"));
        status.captureRecovered();
        assertThat(status.state()).isEqualTo(SourceState.RETRYING);

        status.deliveryRecovered();
        assertThat(status.state()).isEqualTo(SourceState.SNAPSHOT);
        assertThat(status.outages()).as("one outage, reported twice").isEqualTo(1);
    }

    @Test
    void pausedSourceIsNotRetryingAnything() {
        SourceStatus status = new SourceStatus("hukou");
        status.state(SourceState.STREAMING);
        status.captureFailing("cannot reach 10.1.2.3:5432");

        status.state(SourceState.PAUSED);

        assertThat(status.state()).isEqualTo(SourceState.PAUSED);
        assertThat(status.outageSince()).isNull();
    }

    @Test
    void errorTextIsMaskedForIdentityNumbers() {
        SourceStatus status = new SourceStatus("hukou");
        status.captureFailing("duplicate key (sfzh)=(11010519491231002X)");

        assertThat(status.lastError()).doesNotContain("11010519491231002X").contains("110*************2X");
    }
}
