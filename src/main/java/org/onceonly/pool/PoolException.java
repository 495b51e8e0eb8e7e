package org.onceonly.pool;

import org.onceonly.identity.Masking;

/**
 * A pool operation failed. The message keeps only the database's one-line reason and SQL state: a driver's
 * own message may quote the whole statement with its values (a batch of records), which must not reach a
 * log, and identity numbers are masked in what remains. The driver's exception is not kept as the cause,
 * since a logged stack trace would print its message too.
 */
public class PoolException extends RuntimeException {
    private final boolean unavailable;

    public PoolException(String message, Throwable cause) {
        // The cause is deliberately not chained: printing it would print the statement text again.
        super(Masking.maskIdentityNumbers(message + (cause == null ? "" : ": " + reason(cause))));
        this.unavailable = unavailable(cause);
    }

    /**
     * Whether the pool database could not be reached (down, restarting, the network): a condition that
     * passes, which callers report as "try again later" rather than as a failure of the request.
     */
    public boolean unavailable() {
        return unavailable;
    }

    private static boolean unavailable(Throwable cause) {
        for (Throwable t = cause; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof java.sql.SQLTransientConnectionException || t instanceof java.sql.SQLNonTransientConnectionException) {
                return true;
            }
            // 08: connection exception; 57P01-57P03: the server is shutting down, crashed, or not yet accepting.
            if (t instanceof java.sql.SQLException sql && sql.getSQLState() != null
                    && (sql.getSQLState().startsWith("08") || sql.getSQLState().startsWith("57P"))) {
                return true;
            }
        }
        return false;
    }

    static String reason(Throwable cause) {
        Throwable root = cause;
        if (root instanceof java.sql.BatchUpdateException batch && batch.getNextException() != null) {
            root = batch.getNextException();
        }
        String text = root instanceof org.postgresql.util.PSQLException psql && psql.getServerErrorMessage() != null
                ? psql.getServerErrorMessage().getMessage()
                : String.valueOf(root.getMessage()).lines().findFirst().orElse("");
        if (text.length() > 300) {
            text = text.substring(0, 300) + "...";
        }
        String state = root instanceof java.sql.SQLException sql && sql.getSQLState() != null ? " [SQLSTATE " + sql.getSQLState() + "]" : "";
        return root.getClass().getSimpleName() + ": " + text + state;
    }
}
