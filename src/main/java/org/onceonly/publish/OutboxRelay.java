/*
 * Copyright 2026 The OnceOnly Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.onceonly.publish;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.kafka.KafkaConstants;
import org.apache.camel.support.DefaultMessage;
import org.onceonly.identity.Masking;
import org.onceonly.pool.Outbox;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes the pool's outbox to the canonical topics ({@link CanonicalTopics}): a Camel route that takes
 * the oldest unsent changes, sends them with an idempotent Kafka producer, waits until the broker
 * acknowledged every one, and only then marks them sent. A failed send marks nothing: the same changes
 * go again after a back-off (200 ms doubling to 30 s), so a broker outage delays publication and loses
 * nothing, and a restarted hub resumes from the unsent rows. Batches start at one change and double with
 * every success up to {@value #BATCH}, and shrink to one again after a failure: while the broker is away a
 * send can wait for metadata ({@code max.block.ms}) record by record, so only one record waits per attempt.
 *
 * <p>Of several hubs sharing a pool, one relays at a time: the one holding a PostgreSQL advisory lock on
 * its own connection. When that hub dies its connection closes, the lock is released, and another hub
 * takes over from the unsent rows. Sending the oldest rows first keeps each subject's changes in the
 * order the pool applied them (the pool numbers a subject's rows under its lock).
 */
public final class OutboxRelay extends RouteBuilder implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(OutboxRelay.class);
    public static final String ROUTE_ID = "outbox-relay";
    static final int BATCH = 500;
    static final Duration FIRST_BACKOFF = Duration.ofMillis(200);
    static final Duration MAX_BACKOFF = Duration.ofSeconds(30);
    private static final Duration STANDBY_RETRY = Duration.ofSeconds(1);
    private static final Duration PRUNE_EVERY = Duration.ofMinutes(1);
    /** An attempt running longer than this counts as a delay (the broker is slow or away) before it fails. */
    private static final Duration SLOW_ATTEMPT = Duration.ofSeconds(10);
    // Two int keys: a lock space of its own, apart from the pool writer's one-key subject locks.
    private static final int LOCK_CLASS = 0x4F4E4345; // "ONCE" (0 is the pool's start-up lock)
    private static final int LOCK_RELAY = 1;
    private static final String CLAIMED = "onceonly.relay.claimed";
    private static final String MORE = "onceonly.relay.more";

    /**
     * @param topicPrefix      canonical topics are named prefix + entity
     * @param pollIntervalMs   how often the relay looks for new changes when it has caught up
     */
    public record Settings(String topicPrefix, int pollIntervalMs) {
        public Settings {
            if (pollIntervalMs < 10 || pollIntervalMs > 60_000) {
                throw new IllegalArgumentException("kafka.publish.pollIntervalMs must be from 10 to 60000, not " + pollIntervalMs);
            }
        }
    }

    private final Settings settings;
    private final String jdbcUrl;
    private final Properties credentials = new Properties();
    private final AtomicLong published = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();
    // Touched only by the route's single timer thread, apart from the volatile flags read by metrics.
    private Connection connection;
    private volatile boolean leader;
    private volatile boolean delayed;
    private long outageStartedNanos;
    private Duration backoff = FIRST_BACKOFF;
    private long nextAttemptNanos;
    private long nextPruneNanos;
    private int batchLimit = 1;
    private volatile long attemptStartedNanos;

    /** Relays the outbox of the pool at {@code jdbcUrl}, on a connection of its own (it holds the relay lock). */
    public OutboxRelay(Settings settings, String jdbcUrl, String user, String password) {
        this.settings = settings;
        this.jdbcUrl = jdbcUrl;
        credentials.setProperty("user", user);
        credentials.setProperty("password", password);
    }

    @Override
    public void configure() {
        // The component named "kafka" carries the brokers and client settings; these are the producer's.
        String kafka = "kafka:" + settings.topicPrefix() + "changes?synchronous=true&batchWithIndividualHeaders=true"
                + "&enableIdempotence=true&requestRequiredAcks=all&maxInFlightRequest=5"
                + "&keySerializer=org.apache.kafka.common.serialization.StringSerializer"
                + "&valueSerializer=org.apache.kafka.common.serialization.ByteArraySerializer"
                + "&requestTimeoutMs=10000&deliveryTimeoutMs=30000&maxBlockMs=5000&lingerMs=5";
        from("timer:onceonly-outbox-relay?delay=0&period=" + settings.pollIntervalMs()).routeId(ROUTE_ID)
                .setProperty(MORE, constant(true))
                .loopDoWhile(exchangeProperty(MORE))
                    .process(this::claim)
                    .filter(exchange -> !exchange.getProperty(CLAIMED, List.class).isEmpty())
                        .doTry()
                            .to(kafka)
                            .process(this::markSent)
                        .doCatch(Exception.class)
                            .process(this::sendFailed)
                        .end()
                    .end()
                .end();
    }

    /** Takes the oldest unsent changes as Kafka messages, if this hub relays and is not backing off. */
    private void claim(Exchange exchange) {
        exchange.setProperty(MORE, false);
        List<Long> ids = new ArrayList<>();
        List<Message> messages = new ArrayList<>();
        exchange.setProperty(CLAIMED, ids);
        exchange.getMessage().setBody(messages);
        if (System.nanoTime() < nextAttemptNanos) {
            return;
        }
        try {
            if (!lead()) {
                nextAttemptNanos = System.nanoTime() + STANDBY_RETRY.toNanos();
                return;
            }
            prune();
            List<Outbox.Entry> entries = Outbox.unsent(connection, batchLimit);
            for (Outbox.Entry entry : entries) {
                ids.add(entry.id());
                messages.add(message(exchange, entry));
            }
            if (!entries.isEmpty()) {
                attemptStartedNanos = System.nanoTime();
            }
            exchange.setProperty(MORE, entries.size() == batchLimit);
        } catch (SQLException e) {
            // The pool is unreachable: drop the connection (and with it the lock) and try again later.
            release();
            failed("reading the outbox failed: " + e.getMessage());
        }
    }

    private Message message(Exchange exchange, Outbox.Entry entry) {
        Message message = new DefaultMessage(exchange);
        message.setHeader(KafkaConstants.OVERRIDE_TOPIC, CanonicalTopics.topic(settings.topicPrefix(), entry.entity()));
        message.setHeader(KafkaConstants.KEY, entry.subjectKey());
        if (entry.fingerprint() != null) {
            message.setHeader(CanonicalTopics.FINGERPRINT, Long.toString(entry.fingerprint()));
        }
        if (entry.schemaVersion() != null) {
            message.setHeader(CanonicalTopics.SCHEMA_VERSION, Integer.toString(entry.schemaVersion()));
        }
        message.setHeader(CanonicalTopics.SOURCE, entry.sourceId());
        message.setHeader(CanonicalTopics.DEPARTMENT, entry.department());
        message.setHeader(CanonicalTopics.ROW, entry.rowKey());
        message.setHeader(CanonicalTopics.POSITION, entry.position());
        message.setHeader(CanonicalTopics.OPERATION, entry.operation().code());
        message.setHeader(CanonicalTopics.SOURCE_TIME, entry.sourceTime().toString());
        message.setBody(entry.record());
        return message;
    }

    /** Every message of the batch was acknowledged by the broker. */
    private void markSent(Exchange exchange) {
        @SuppressWarnings("unchecked")
        List<Long> ids = exchange.getProperty(CLAIMED, List.class);
        attemptStartedNanos = 0;
        try {
            Outbox.markSent(connection, ids);
        } catch (SQLException e) {
            // Sent but not marked: they go again, and subscribers drop them by position.
            release();
            failed("marking " + ids.size() + " published changes sent failed: " + e.getMessage());
            exchange.setProperty(MORE, false);
            return;
        }
        published.addAndGet(ids.size());
        if (delayed) {
            LOG.info("publication to Kafka resumed after {} s", Duration.ofNanos(System.nanoTime() - outageStartedNanos).toSeconds());
        }
        delayed = false;
        backoff = FIRST_BACKOFF;
        batchLimit = Math.min(BATCH, batchLimit * 2);
    }

    private void sendFailed(Exchange exchange) {
        Exception error = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        exchange.setProperty(MORE, false);
        failed("publishing to Kafka failed: " + rootMessage(error));
    }

    private void failed(String reason) {
        failures.incrementAndGet();
        long attemptStarted = attemptStartedNanos;
        attemptStartedNanos = 0;
        batchLimit = 1;
        if (!delayed) {
            outageStartedNanos = attemptStarted != 0 ? attemptStarted : System.nanoTime();
            LOG.warn("{}; changes stay in the outbox and are published when it succeeds (retrying with back-off)",
                    Masking.maskIdentityNumbers(reason));
        } else {
            LOG.debug("{}; retrying in {} ms", Masking.maskIdentityNumbers(reason), backoff.toMillis());
        }
        delayed = true;
        nextAttemptNanos = System.nanoTime() + backoff.toNanos();
        backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
    }

    private static String rootMessage(Throwable error) {
        Throwable root = error;
        while (root != null && root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root == null ? "unknown error" : root.getClass().getSimpleName() + ": " + root.getMessage();
    }

    /** Whether this hub holds the relay lock, taking it if free. */
    private boolean lead() throws SQLException {
        if (connection == null) {
            connection = DriverManager.getConnection(jdbcUrl, credentials);
            connection.setAutoCommit(true);
        }
        if (!leader) {
            try (PreparedStatement lock = connection.prepareStatement("SELECT pg_try_advisory_lock(?, ?)")) {
                lock.setInt(1, LOCK_CLASS);
                lock.setInt(2, LOCK_RELAY);
                try (ResultSet row = lock.executeQuery()) {
                    row.next();
                    leader = row.getBoolean(1);
                }
            }
            if (leader) {
                LOG.info("this hub relays the outbox to Kafka (topics {}<Entity>)", settings.topicPrefix());
            }
        }
        return leader;
    }

    private void prune() throws SQLException {
        if (System.nanoTime() < nextPruneNanos) {
            return;
        }
        nextPruneNanos = System.nanoTime() + PRUNE_EVERY.toNanos();
        int pruned = Outbox.pruneSent(connection);
        if (pruned > 0) {
            LOG.debug("pruned {} outbox rows sent more than {} ago", pruned, Outbox.KEEP_SENT);
        }
    }

    private void release() {
        leader = false;
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException ignored) {
                // closing a broken connection: nothing more to do
            }
            connection = null;
        }
    }

    /** Changes published (acknowledged by the broker and marked sent) since start. */
    public long publishedCount() {
        return published.get();
    }

    /** Failed attempts (broker or pool unreachable) since start. */
    public long failureCount() {
        return failures.get();
    }

    /** True while publication fails and is retried with back-off, or an attempt has been waiting for the broker too long. */
    public boolean delayed() {
        long started = attemptStartedNanos;
        return delayed || (started != 0 && System.nanoTime() - started > SLOW_ATTEMPT.toNanos());
    }

    /** True while this hub is the one relaying the outbox. */
    public boolean leader() {
        return leader;
    }

    /** Releases the relay lock (the route is stopped with the Camel context, before this). */
    @Override
    public synchronized void close() {
        release();
    }
}
