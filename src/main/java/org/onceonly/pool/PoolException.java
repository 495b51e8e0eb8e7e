package org.onceonly.pool;

import org.onceonly.identity.Masking;

/** A pool operation failed; the message is masked because database errors may quote row values. */
public class PoolException extends RuntimeException {
    public PoolException(String message, Throwable cause) {
        super(Masking.maskIdentityNumbers(message + (cause == null ? "" : ": " + cause.getMessage())), cause);
    }
}
