/*
 * Copyright 2026 The OnceOnly Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.onceonly.access;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.sql.DataSource;
import org.onceonly.pool.PoolException;

/**
 * The tamper-evident access log. Every read of personal data is appended before the data leaves the hub
 * (fail closed: no entry, no data). Entries are hash-chained: {@code hash = SHA-256(content, prev_hash)}.
 *
 * <p>Appends go through the hub's {@link BatchingWriter}: concurrent requests share one transaction (group
 * commit). The writer keeps the chain's head it last wrote, so a batch is one insert and a commit. Should
 * another hub on the same pool have extended the chain meanwhile, the insert collides on {@code seq} (the
 * primary key), the transaction rolls back, and the batch is written again on the head read afresh: each
 * entry links to the one committed before it, so several hubs on one pool still build one chain.
 */
public final class AccessLog {
    private static final String DUPLICATE_KEY = "23505";
    /** Joins an entry's field names in one array element (the unit separator; no field name holds it). */
    private static final String FIELD_SEPARATOR = "\u001f";
    static final String GENESIS = "0".repeat(64);

    private final DataSource dataSource;
    private final BatchingWriter writer;
    private final Chain chain;

    /** One stored entry. */
    public record Entry(long seq, Instant at, String clientId, String organisation, String purpose, String action,
                        String subject, List<String> fields, List<String> records, String prevHash, String hash) {}

    public AccessLog(DataSource dataSource, BatchingWriter writer) {
        this(dataSource, writer, Clock.systemUTC());
    }

    AccessLog(DataSource dataSource, BatchingWriter writer, Clock clock) {
        this.dataSource = dataSource;
        this.writer = writer;
        this.chain = new Chain(clock);
    }

    /** Appends the event and returns once it is committed; throws when it cannot be logged. */
    public void append(AccessEvent event) {
        appendAll(List.of(event));
    }

    /** Appends the events (one request's, one per person shown) and returns once all are committed. */
    public void appendAll(List<AccessEvent> events) {
        try {
            record(events).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PoolException("interrupted while logging an access", null);
        } catch (ExecutionException e) {
            throw failure(e.getCause());
        }
    }

    /**
     * Queues the events; the future completes once all are committed, or fails with a {@link PoolException}
     * (within 30 seconds at the latest). What they record must not leave the hub before it completes.
     */
    public CompletableFuture<Void> record(List<AccessEvent> events) {
        List<CompletableFuture<Void>> written = new ArrayList<>(events.size());
        for (AccessEvent event : events) {
            written.add(writer.submit(chain, event));
        }
        CompletableFuture<Void> all = CompletableFuture.allOf(written.toArray(CompletableFuture[]::new)).orTimeout(30, TimeUnit.SECONDS);
        return all.handle((done, error) -> {
            if (error != null) {
                throw failure(error instanceof java.util.concurrent.CompletionException ? error.getCause() : error);
            }
            return done;
        });
    }

    private static PoolException failure(Throwable cause) {
        if (cause instanceof PoolException pool) {
            return pool;
        }
        return cause instanceof TimeoutException ? new PoolException("the access log did not answer in time", null)
                : new PoolException("the access could not be logged: " + cause.getMessage(), null);
    }

    /** The chain as the batching writer extends it: its head is known between batches. */
    private static final class Chain implements BatchingWriter.Table<AccessEvent> {
        private final Clock clock;
        // Only the writer's thread touches these.
        private long headSeq = -1;
        private String headHash;

        Chain(Clock clock) {
            this.clock = clock;
        }

        @Override
        public String name() {
            return "access log";
        }

        @Override
        public void write(Connection connection, List<AccessEvent> events) throws SQLException {
            if (headSeq < 0) {
                readHead(connection);
            }
            long seq = headSeq;
            String prev = headHash;
            int n = events.size();
            Long[] seqs = new Long[n];
            String[] clients = new String[n];
            String[] organisations = new String[n];
            String[] purposes = new String[n];
            String[] actions = new String[n];
            String[] subjects = new String[n];
            String[] fields = new String[n];
            String[] records = new String[n];
            String[] prevs = new String[n];
            String[] hashes = new String[n];
            // Microseconds: what PostgreSQL keeps, so the hash can be recomputed from the stored row.
            Instant at = clock.instant().truncatedTo(ChronoUnit.MICROS);
            for (int i = 0; i < n; i++) {
                AccessEvent e = events.get(i);
                seq++;
                String hash = ChainHash.of(seq, at, e.clientId(), e.organisation(), e.purpose(), e.action(), e.subject(), e.fields(), e.records(), prev);
                seqs[i] = seq;
                clients[i] = e.clientId();
                organisations[i] = e.organisation();
                purposes[i] = e.purpose();
                actions[i] = e.action();
                subjects[i] = e.subject();
                fields[i] = String.join(FIELD_SEPARATOR, e.fields());
                records[i] = String.join(FIELD_SEPARATOR, e.records());
                prevs[i] = prev;
                hashes[i] = hash;
                prev = hash;
            }
            // One statement per batch, whatever its size: prepared once per connection, no plan per batch.
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO access_log (seq, at, client_id, organisation, "
                    + "purpose, action, subject, fields, records, prev_hash, hash) SELECT s, ?, c, o, p, a, subj, "
                    + "CASE WHEN f = '' THEN ARRAY[]::text[] ELSE string_to_array(f, chr(31)) END, "
                    + "CASE WHEN rec = '' THEN ARRAY[]::text[] ELSE string_to_array(rec, chr(31)) END, ph, h "
                    + "FROM unnest(?::bigint[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[]) "
                    + "AS r(s, c, o, p, a, subj, f, rec, ph, h)")) {
                insert.setTimestamp(1, Timestamp.from(at));
                insert.setArray(2, connection.createArrayOf("bigint", seqs));
                insert.setArray(3, connection.createArrayOf("text", clients));
                insert.setArray(4, connection.createArrayOf("text", organisations));
                insert.setArray(5, connection.createArrayOf("text", purposes));
                insert.setArray(6, connection.createArrayOf("text", actions));
                insert.setArray(7, connection.createArrayOf("text", subjects));
                insert.setArray(8, connection.createArrayOf("text", fields));
                insert.setArray(9, connection.createArrayOf("text", records));
                insert.setArray(10, connection.createArrayOf("text", prevs));
                insert.setArray(11, connection.createArrayOf("text", hashes));
                insert.executeUpdate();
            }
            // Taken as the head now; forgotten again if the transaction rolls back.
            headSeq = seq;
            headHash = prev;
        }

        /** The head as committed now. */
        private void readHead(Connection connection) throws SQLException {
            headSeq = 0;
            headHash = GENESIS;
            try (Statement head = connection.createStatement();
                 ResultSet row = head.executeQuery("SELECT seq, hash FROM access_log ORDER BY seq DESC LIMIT 1")) {
                if (row.next()) {
                    headSeq = row.getLong(1);
                    headHash = row.getString(2);
                }
            }
        }

        /** Another hub took the sequence number this batch meant to use. */
        @Override
        public boolean collided(SQLException failure) {
            for (SQLException e = failure; e != null; e = e.getNextException()) {
                if (DUPLICATE_KEY.equals(e.getSQLState())) {
                    return true;
                }
            }
            return false;
        }

        @Override
        public void rolledBack() {
            headSeq = -1;
            headHash = null;
        }
    }

    /** The subject's entries, newest first. */
    public List<Entry> forSubject(String subject, int limit) {
        return query(dataSource, "SELECT seq, at, client_id, organisation, purpose, action, subject, fields, records, prev_hash, hash FROM access_log "
                + "WHERE subject = ? ORDER BY seq DESC LIMIT ?", subject, limit);
    }

    /** Entries after {@code afterSeq}, oldest first, at most {@code limit}: what a run of reads added. */
    public List<Entry> after(long afterSeq, int limit) {
        return page(dataSource, afterSeq, limit);
    }

    /** The sequence number of the last committed entry, 0 for an empty log. */
    public long headSeq() {
        try (Connection connection = dataSource.getConnection(); Statement select = connection.createStatement();
             ResultSet row = select.executeQuery("SELECT coalesce(max(seq), 0) FROM access_log")) {
            row.next();
            return row.getLong(1);
        } catch (SQLException e) {
            throw new PoolException("reading the access log failed", e);
        }
    }

    /** Entries after {@code afterSeq}, in order, a page at a time (for verification). */
    static List<Entry> page(DataSource dataSource, long afterSeq, int limit) {
        return query(dataSource, "SELECT seq, at, client_id, organisation, purpose, action, subject, fields, records, prev_hash, hash FROM access_log "
                + "WHERE seq > ? ORDER BY seq LIMIT ?", afterSeq, limit);
    }

    private static List<Entry> query(DataSource dataSource, String sql, Object key, int limit) {
        List<Entry> entries = new ArrayList<>();
        try (Connection connection = dataSource.getConnection(); PreparedStatement select = connection.prepareStatement(sql)) {
            select.setObject(1, key);
            select.setInt(2, limit);
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    Array fields = rows.getArray(8);
                    Array records = rows.getArray(9);
                    entries.add(new Entry(rows.getLong(1), rows.getTimestamp(2).toInstant(), rows.getString(3), rows.getString(4),
                            rows.getString(5), rows.getString(6), rows.getString(7), List.of((String[]) fields.getArray()),
                            List.of((String[]) records.getArray()), rows.getString(10), rows.getString(11)));
                }
            }
        } catch (SQLException e) {
            throw new PoolException("reading the access log failed", e);
        }
        return entries;
    }
}
