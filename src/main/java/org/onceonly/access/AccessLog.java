package org.onceonly.access;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
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
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.sql.DataSource;
import org.onceonly.pool.PoolException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The tamper-evident access log. Every read of personal data is appended before the data leaves the hub
 * (fail closed: no entry, no data). Entries are hash-chained: {@code hash = SHA-256(content, prev_hash)}.
 *
 * <p>Appends are group-committed by one writer thread — concurrent requests share one transaction — and
 * the chain's head is taken under a transaction-scoped advisory lock, so several hub instances on one pool
 * still build a single chain.
 */
public final class AccessLog implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AccessLog.class);
    /** Advisory lock key of the chain's head ("access" in ASCII). */
    private static final long HEAD_LOCK = 0x616363657373L;
    static final String GENESIS = "0".repeat(64);
    private static final int MAX_BATCH = 512;

    private final DataSource dataSource;
    private final Clock clock;
    private final BlockingQueue<Pending> queue = new ArrayBlockingQueue<>(16_384);
    private final Thread writer;
    private volatile boolean closed;

    /** One stored entry. */
    public record Entry(long seq, Instant at, String clientId, String organisation, String purpose, String action,
                        String subject, List<String> fields, String prevHash, String hash) {}

    private record Pending(AccessEvent event, CompletableFuture<Long> appended) {}

    public AccessLog(DataSource dataSource) {
        this(dataSource, Clock.systemUTC());
    }

    AccessLog(DataSource dataSource, Clock clock) {
        this.dataSource = dataSource;
        this.clock = clock;
        this.writer = new Thread(this::writeLoop, "access-log-writer");
        writer.setDaemon(true);
        writer.start();
    }

    /** Creates the log's table if needed. */
    public static void migrate(DataSource dataSource) {
        String ddl;
        try (InputStream in = AccessLog.class.getResourceAsStream("access-schema.sql")) {
            ddl = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("access-schema.sql is missing from the build", e);
        }
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            connection.setAutoCommit(false);
            org.onceonly.pool.PoolDatabase.lockStartUp(connection); // hubs sharing a pool may start together
            statement.execute(ddl);
            connection.commit();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create the access log's table: " + e.getMessage(), e);
        }
    }

    /** Appends the event and returns its sequence number once committed; throws when it cannot be logged. */
    public long append(AccessEvent event) {
        if (closed) {
            throw new PoolException("the access log is closed", null);
        }
        CompletableFuture<Long> appended = new CompletableFuture<>();
        try {
            if (!queue.offer(new Pending(event, appended), 5, TimeUnit.SECONDS)) {
                throw new PoolException("the access log is overloaded", null);
            }
            return appended.get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PoolException("interrupted while logging an access", null);
        } catch (ExecutionException e) {
            throw new PoolException("the access could not be logged: " + e.getCause().getMessage(), null);
        } catch (TimeoutException e) {
            throw new PoolException("the access log did not answer in time", null);
        }
    }

    private void writeLoop() {
        List<Pending> batch = new ArrayList<>(MAX_BATCH);
        while (!closed || !queue.isEmpty()) {
            try {
                Pending first = queue.poll(200, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, MAX_BATCH - 1);
                List<Long> seqs = write(batch);
                for (int i = 0; i < batch.size(); i++) {
                    batch.get(i).appended().complete(seqs.get(i));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                LOG.error("appending {} access log entries failed: {}", batch.size(), e.getMessage());
                batch.forEach(p -> p.appended().completeExceptionally(e));
            } finally {
                batch.clear();
            }
        }
    }

    private List<Long> write(List<Pending> batch) {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                try (PreparedStatement lock = connection.prepareStatement("SELECT pg_advisory_xact_lock(?)")) {
                    lock.setLong(1, HEAD_LOCK);
                    lock.execute();
                }
                long seq = 0;
                String prev = GENESIS;
                try (Statement head = connection.createStatement();
                     ResultSet row = head.executeQuery("SELECT seq, hash FROM access_log ORDER BY seq DESC LIMIT 1")) {
                    if (row.next()) {
                        seq = row.getLong(1);
                        prev = row.getString(2);
                    }
                }
                List<Long> seqs = new ArrayList<>(batch.size());
                try (PreparedStatement insert = connection.prepareStatement("INSERT INTO access_log (seq, at, client_id, organisation, "
                        + "purpose, action, subject, fields, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                    // Microseconds: what PostgreSQL keeps, so the hash can be recomputed from the stored row.
                    Instant at = clock.instant().truncatedTo(ChronoUnit.MICROS);
                    for (Pending pending : batch) {
                        AccessEvent e = pending.event();
                        seq++;
                        String hash = ChainHash.of(seq, at, e.clientId(), e.organisation(), e.purpose(), e.action(), e.subject(), e.fields(), prev);
                        insert.setLong(1, seq);
                        insert.setTimestamp(2, Timestamp.from(at));
                        insert.setString(3, e.clientId());
                        insert.setString(4, e.organisation());
                        insert.setString(5, e.purpose());
                        insert.setString(6, e.action());
                        insert.setString(7, e.subject());
                        insert.setArray(8, connection.createArrayOf("text", e.fields().toArray()));
                        insert.setString(9, prev);
                        insert.setString(10, hash);
                        insert.addBatch();
                        seqs.add(seq);
                        prev = hash;
                    }
                    insert.executeBatch();
                }
                connection.commit();
                return seqs;
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new PoolException("writing the access log failed", e);
        }
    }

    /** The subject's entries, newest first. */
    public List<Entry> forSubject(String subject, int limit) {
        return query(dataSource, "SELECT seq, at, client_id, organisation, purpose, action, subject, fields, prev_hash, hash FROM access_log "
                + "WHERE subject = ? ORDER BY seq DESC LIMIT ?", subject, limit);
    }

    /** Entries after {@code afterSeq}, in order, a page at a time (for verification). */
    static List<Entry> page(DataSource dataSource, long afterSeq, int limit) {
        return query(dataSource, "SELECT seq, at, client_id, organisation, purpose, action, subject, fields, prev_hash, hash FROM access_log "
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
                    entries.add(new Entry(rows.getLong(1), rows.getTimestamp(2).toInstant(), rows.getString(3), rows.getString(4),
                            rows.getString(5), rows.getString(6), rows.getString(7), List.of((String[]) fields.getArray()),
                            rows.getString(9), rows.getString(10)));
                }
            }
        } catch (SQLException e) {
            throw new PoolException("reading the access log failed", e);
        }
        return entries;
    }

    /** Lets queued entries finish, then stops the writer. */
    @Override
    public void close() {
        closed = true;
        try {
            writer.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
