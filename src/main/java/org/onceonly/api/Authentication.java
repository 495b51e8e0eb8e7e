package org.onceonly.api;

import java.util.Optional;
import org.apache.camel.Exchange;
import org.onceonly.access.Client;
import org.onceonly.access.ClientRegistry;

/**
 * Who is calling: the client whose bearer token the request carries ({@code Authorization: Bearer ...}).
 * Responds 401 when there is none or it is unknown; the token is never logged or echoed.
 */
public final class Authentication {
    private final ClientRegistry clients;

    public Authentication(ClientRegistry clients) {
        this.clients = clients;
    }

    /** The calling client, or empty after responding 401. */
    Optional<Client> caller(Exchange exchange) {
        String header = exchange.getMessage().getHeader("Authorization", String.class);
        String token = null;
        if (header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            token = header.substring(7).strip();
        }
        Optional<Client> client = clients.authenticate(token);
        if (client.isEmpty()) {
            ApiError.respond(exchange, 401, "unauthenticated", token == null
                    ? "send the client's bearer token: Authorization: Bearer <token>"
                    : "the bearer token is not one of a registered client");
            exchange.getMessage().setHeader("WWW-Authenticate", "Bearer realm=\"onceonly\"");
        }
        return client;
    }

    public ClientRegistry clients() {
        return clients;
    }
}
