/*
 * Copyright 2026 The OnceOnly Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.onceonly.pool;

import java.sql.SQLException;
import org.onceonly.identity.Masking;
import org.onceonly.schema.SinkException;

/**
 * A pool operation failed. The message keeps only the database's one-line reason and SQL state: a driver's
 * own message may quote the whole statement with its values (a batch of records), which must not reach a
 * log, and identity numbers are masked in what remains. The driver's exception is not kept as the cause,
 * since a logged stack trace would print its message too. The SQLSTATE is kept ({@link #sqlState()}) and
 * classifies the failure ({@link #kind()}).
 */
public class PoolException extends SinkException {
    private final String sqlState;
    private final String reason;
    private final boolean unavailable;

    public PoolException(String message, Throwable cause) {
        // The cause is deliberately not chained: printing it would print the statement text again.
        this(message, cause, sqlStateOf(cause));
    }

    private PoolException(String message, Throwable cause, String sqlState) {
        super(Masking.maskIdentityNumbers(message + (cause == null ? "" : ": " + reason(cause))), kindOf(cause, sqlState));
        this.sqlState = sqlState;
        this.reason = cause == null ? null : Masking.maskIdentityNumbers(serverMessage(cause));
        this.unavailable = unavailable(cause);
    }

    /** The SQLSTATE the database answered with (the innermost one), or null when it did not answer. */
    public String sqlState() {
        return sqlState;
    }

    /** The database's own one-line message (masked), or null: what a quarantined change is kept with. */
    public String databaseMessage() {
        return reason;
    }

    @Override
    public String storeMessage() {
        return reason == null ? getMessage() : reason + (sqlState == null ? "" : " [SQLSTATE " + sqlState + "]");
    }

    /**
     * Whether the pool database could not be reached (down, restarting, the network): a condition that
     * passes, which callers report as "try again later" rather than as a failure of the request.
     */
    public boolean unavailable() {
        return unavailable;
    }

    /**
     * Transient: 40001 serialization failure, 40P01 deadlock, class 53 insufficient resources (53200 out of
     * shared memory, 53300 too many connections), 57P01-57P03 shutdown, class 08 and the driver's connection
     * exceptions. Refused: the data (class 22 data exception, 23 integrity constraint, 54 program limit
     * such as a row too large, P0 a trigger or function raising). Anything else failed for a reason an
     * operator has to fix.
     */
    static Kind kindOf(Throwable cause, String sqlState) {
        if (unavailable(cause)) {
            return Kind.TRANSIENT;
        }
        if (sqlState == null) {
            return cause == null ? Kind.FAILED : Kind.TRANSIENT; // no answer from the database: a lost connection, a timeout
        }
        if (sqlState.equals("40001") || sqlState.equals("40P01") || sqlState.startsWith("53") || sqlState.startsWith("57P")
                || sqlState.startsWith("08")) {
            return Kind.TRANSIENT;
        }
        if (sqlState.startsWith("22") || sqlState.startsWith("23") || sqlState.startsWith("54") || sqlState.startsWith("P0")) {
            return Kind.REFUSED;
        }
        return Kind.FAILED;
    }

    private static boolean unavailable(Throwable cause) {
        for (Throwable t = cause; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof java.sql.SQLTransientConnectionException || t instanceof java.sql.SQLNonTransientConnectionException) {
                return true;
            }
            // 08: connection exception; 57P01-57P03: the server is shutting down, crashed, or not yet accepting.
            if (t instanceof SQLException sql && sql.getSQLState() != null
                    && (sql.getSQLState().startsWith("08") || sql.getSQLState().startsWith("57P"))) {
                return true;
            }
        }
        return false;
    }

    private static Throwable root(Throwable cause) {
        if (cause instanceof java.sql.BatchUpdateException batch && batch.getNextException() != null) {
            return batch.getNextException();
        }
        return cause;
    }

    private static String sqlStateOf(Throwable cause) {
        if (cause instanceof PoolException pool) {
            return pool.sqlState;
        }
        for (Throwable t = root(cause); t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SQLException sql && sql.getSQLState() != null) {
                return sql.getSQLState();
            }
        }
        return null;
    }

    private static String serverMessage(Throwable cause) {
        if (cause instanceof PoolException pool) {
            return pool.reason;
        }
        Throwable root = root(cause);
        String text = root instanceof org.postgresql.util.PSQLException psql && psql.getServerErrorMessage() != null
                ? psql.getServerErrorMessage().getMessage()
                : String.valueOf(root.getMessage()).lines().findFirst().orElse("");
        return text.length() > 300 ? text.substring(0, 300) + "..." : text;
    }

    static String reason(Throwable cause) {
        if (cause instanceof PoolException pool) {
            return pool.getMessage();
        }
        Throwable root = root(cause);
        String state = root instanceof SQLException sql && sql.getSQLState() != null ? " [SQLSTATE " + sql.getSQLState() + "]" : "";
        return root.getClass().getSimpleName() + ": " + serverMessage(root) + state;
    }
}
