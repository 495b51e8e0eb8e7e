package org.onceonly.api;

import java.util.regex.Pattern;
import org.apache.camel.Exchange;

/**
 * Checks of query parameters that name things: a value that cannot be such a name is refused with 400
 * naming the parameter, rather than searched for (and found nowhere).
 */
public final class Parameters {
    /** A source id, as connector files have it (docs/connectors.md). */
    public static final Pattern SOURCE_ID = Pattern.compile("[a-z0-9][a-z0-9-]{1,62}");
    /** A department or other plain name: letters, digits, '.', '_', '-'. */
    public static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    private Parameters() {}

    /**
     * True (and a 400 sent) when the parameter is present but does not match {@code pattern}; {@code rule}
     * says in words what it must be.
     */
    public static boolean refused(Exchange exchange, String parameter, Pattern pattern, String rule) {
        String value = exchange.getMessage().getHeader(parameter, String.class);
        if (value == null || pattern.matcher(value).matches()) {
            return false;
        }
        ApiError.respond(exchange, 400, "invalid_parameter", parameter + " must be " + rule);
        return true;
    }
}
