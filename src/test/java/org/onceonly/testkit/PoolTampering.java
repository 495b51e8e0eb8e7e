/*
 * Copyright 2026 The OnceOnly Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.onceonly.testkit;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/**
 * Deliberate damage to the pool's storage, for the tests that prove it is detected (an edited access log)
 * or repaired (a source row the pool lost). Tampering is about table shapes, so this is the one place in
 * the kit that knows them; everything else reads through {@link PoolView}.
 */
public final class PoolTampering {
    /** Undoes one act of tampering. */
    public interface Undo extends AutoCloseable {
        @Override
        void close();
    }

    private PoolTampering() {}

    /** The sequence number of the latest access log entry. */
    public static long lastAccessLogEntry(TestPool pool) {
        return Long.parseLong(pool.database().query("SELECT max(seq) FROM access_log"));
    }

    /** Changes the purpose recorded in entry {@code seq}, as someone with write access to the database could. */
    public static Undo editAccessLogPurpose(TestPool pool, long seq, String purpose) {
        String original = pool.database().query("SELECT purpose FROM access_log WHERE seq = ?", seq);
        pool.database().execute("UPDATE access_log SET purpose = ? WHERE seq = ?", purpose, seq);
        return () -> pool.database().execute("UPDATE access_log SET purpose = ? WHERE seq = ?", original, seq);
    }

    /** Deletes entry {@code seq}, keeping it aside so that it can be put back. */
    public static Undo removeAccessLogEntry(TestPool pool, long seq) {
        pool.database().execute("CREATE TABLE access_log_removed AS SELECT * FROM access_log WHERE seq = ?", seq);
        pool.database().execute("DELETE FROM access_log WHERE seq = ?", seq);
        return () -> {
            pool.database().execute("INSERT INTO access_log SELECT * FROM access_log_removed");
            pool.database().execute("DROP TABLE access_log_removed");
        };
    }

    /**
     * Makes the pool lose a source row (a botched manual repair): its contribution goes, and with it what
     * the golden record of its subject had from it; history keeps its versions. Returns how many rows were deleted.
     */
    public static int loseSourceRow(TestPool pool, String rowKey, String subject) {
        try (Connection connection = pool.dataSource().getConnection();
             PreparedStatement contribution = connection.prepareStatement("DELETE FROM contribution WHERE row_key = ? AND subject_key = ?")) {
            contribution.setString(1, rowKey);
            contribution.setString(2, subject);
            return contribution.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }
}
