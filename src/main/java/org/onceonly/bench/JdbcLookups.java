/*
 * Copyright 2026 The OnceOnly Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.onceonly.bench;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The prefill baseline: the rows golden records are built from (a person's live contributions) fetched by
 * index over plain JDBC, one connection and one prepared statement per client, {@code clients} at once, as
 * fast as they answer.
 */
final class JdbcLookups {
    private JdbcLookups() {}

    /** Lookups per second over {@code duration}. */
    static double perSecond(String jdbcUrl, String user, String password, List<String> subjects, int clients, Duration duration)
            throws InterruptedException {
        Properties credentials = new Properties();
        credentials.setProperty("user", user);
        credentials.setProperty("password", password);
        AtomicLong lookups = new AtomicLong();
        AtomicReference<SQLException> failure = new AtomicReference<>();
        // The clock starts once every client is connected: a connection's authentication (SCRAM) is not a lookup.
        CountDownLatch connected = new CountDownLatch(clients);
        CountDownLatch go = new CountDownLatch(1);
        AtomicLong end = new AtomicLong();
        List<Thread> threads = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            int client = c;
            Thread thread = new Thread(() -> {
                try (Connection connection = DriverManager.getConnection(jdbcUrl, credentials);
                     PreparedStatement select = connection.prepareStatement(
                             "SELECT record FROM contribution WHERE subject_key = ? AND NOT deleted AND entity = 'Person'")) {
                    connected.countDown();
                    go.await();
                    long n = client * 1_000_003L;
                    while (System.nanoTime() < end.get()) {
                        select.setString(1, subjects.get((int) (n++ % subjects.size())));
                        try (ResultSet row = select.executeQuery()) {
                            if (row.next()) {
                                row.getBytes(1);
                            }
                        }
                        lookups.incrementAndGet();
                    }
                } catch (SQLException e) {
                    failure.compareAndSet(null, e);
                    connected.countDown();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "bench-jdbc-client-" + c);
            threads.add(thread);
            thread.start();
        }
        connected.await();
        long start = System.nanoTime();
        end.set(start + duration.toNanos());
        go.countDown();
        for (Thread thread : threads) {
            thread.join();
        }
        if (failure.get() != null) {
            throw new IllegalStateException("plain JDBC lookups failed: " + failure.get().getMessage(), failure.get());
        }
        return lookups.get() / ((System.nanoTime() - start) / 1e9);
    }
}
