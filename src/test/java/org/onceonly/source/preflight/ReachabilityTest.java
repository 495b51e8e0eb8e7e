/*
 * Copyright 2026 The OnceOnly Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.onceonly.source.preflight;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.sql.SQLException;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.onceonly.testkit.TestHubs;
import org.onceonly.source.preflight.Reachability.Failure;

/**
 * How a failed connection is told apart. A timeout cannot be produced cheaply against a real server here
 * (it needs a host that drops packets), so its classification is checked on the exceptions themselves.
 */
class ReachabilityTest {
    @Test
    void closedPortIsRefused() {
        Reachability reach = Reachability.probe("127.0.0.1", TestHubs.freePort(), Duration.ofSeconds(2));

        assertThat(reach.failure()).isEqualTo(Failure.REFUSED);
    }

    @Test
    void socketTimeoutWrappedByADriverIsATimeout() {
        SQLException driverError = new SQLException("The connection attempt failed.", "08001", new SocketTimeoutException("connect timed out"));

        assertThat(Reachability.classify(driverError)).contains(Failure.TIMEOUT);
    }

    @Test
    void operatingSystemConnectTimeoutIsATimeoutNotARefusal() {
        assertThat(Reachability.classify(new ConnectException("Connection timed out"))).contains(Failure.TIMEOUT);
        assertThat(Reachability.classify(new ConnectException("Connection refused"))).contains(Failure.REFUSED);
    }

    @Test
    void unknownHostIsDns() {
        SQLException driverError = new SQLException("The connection attempt failed.", "08001", new UnknownHostException("db.internal"));

        assertThat(Reachability.classify(driverError)).contains(Failure.DNS);
        assertThat(Failure.DNS.describe("db.internal:5432")).contains("(DNS)");
    }

    @Test
    void errorWithoutANetworkCauseIsNotClassified() {
        assertThat(Reachability.classify(new SQLException("password authentication failed", "28P01"))).isEmpty();
    }
}
