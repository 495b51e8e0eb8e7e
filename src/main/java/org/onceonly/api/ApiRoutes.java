package org.onceonly.api;

import java.util.Optional;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.model.rest.RestBindingMode;
import org.onceonly.access.AccessDenied;
import org.onceonly.access.Client;
import org.onceonly.pool.PoolException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Base of every group of HTTP endpoints: REST on the platform-http (Vert.x) server; every route starts
 * with {@link #platformClient} or {@link #administrator}, which authenticate the caller (deny by default);
 * refusals become 403 and the unexpected a JSON 500 naming nothing internal, logged without personal data.
 */
public abstract class ApiRoutes extends RouteBuilder {
    private static final Logger LOG = LoggerFactory.getLogger(ApiRoutes.class);
    private static final String RETRY_AFTER_SECONDS = "5";
    private static final String CALLER = "onceonly.caller";
    private final Authentication authentication;

    protected ApiRoutes(Authentication authentication) {
        this.authentication = authentication;
    }

    @Override
    public final void configure() {
        // A request that never completes (a multipart body cut off before its closing boundary) would hold
        // its connection for ever; two minutes leave room for a large upload over a slow link.
        restConfiguration().component("platform-http").bindingMode(RestBindingMode.off)
                .endpointProperty("requestTimeout", "120000");
        // The route runtime has no error handler by default (the dispatcher handles mapping failures);
        // HTTP routes need one for onException to apply.
        errorHandler(defaultErrorHandler().logExhausted(false));
        onException(Refusal.class).handled(true).process(exchange -> {
            Refusal refusal = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Refusal.class);
            ApiError.respond(exchange, refusal.status(), refusal.code(), refusal.getMessage());
        });
        onException(AccessDenied.class).handled(true).process(exchange -> {
            AccessDenied denied = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, AccessDenied.class);
            ApiError.respond(exchange, 403, denied.code(), denied.getMessage());
        });
        onException(Exception.class).handled(true).process(exchange -> {
            Exception error = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
            if (error instanceof PoolException pool && pool.unavailable()) {
                // The pool's server is restarting or out of reach: the request was fine, its time was not.
                LOG.warn("{} {}: the pool is unavailable: {}", exchange.getMessage().getHeader(Exchange.HTTP_METHOD),
                        exchange.getMessage().getHeader(Exchange.HTTP_PATH), error.getMessage());
                ApiError.respond(exchange, 503, "unavailable", "the data pool cannot be reached at the moment; try again shortly");
                exchange.getMessage().setHeader("Retry-After", RETRY_AFTER_SECONDS);
                return;
            }
            LOG.error("{} {} failed: {}", exchange.getMessage().getHeader(Exchange.HTTP_METHOD),
                    exchange.getMessage().getHeader(Exchange.HTTP_PATH),
                    error == null ? "unknown" : error.getClass().getSimpleName() + ": " + error.getMessage());
            ApiError.respond(exchange, 500, "internal", "the request could not be completed");
        });
        endpoints();
    }

    /** Declares the group's REST endpoints and their routes. */
    protected abstract void endpoints();

    /**
     * First step of a platform route: authenticates any registered client (purposes and grants are then
     * checked by the handler); otherwise responds 401 and stops the route.
     */
    protected final Processor platformClient() {
        return exchange -> gate(exchange, false);
    }

    /** First step of an admin route: an administrator client; a platform client gets 403. */
    protected final Processor administrator() {
        return exchange -> gate(exchange, true);
    }

    private void gate(Exchange exchange, boolean administrator) {
        Optional<Client> caller = authentication.caller(exchange);
        if (caller.isPresent() && administrator && !caller.get().administrator()) {
            ApiError.respond(exchange, 403, "administrator_required",
                    "client " + caller.get().id() + " is not an administrator; these endpoints are for operators");
            caller = Optional.empty();
        }
        if (caller.isEmpty()) {
            exchange.setRouteStop(true);
            return;
        }
        exchange.setProperty(CALLER, caller.get());
    }

    /** The client authenticated by the route's gate. */
    protected static Client caller(Exchange exchange) {
        return exchange.getProperty(CALLER, Client.class);
    }

    /** A whole-number query parameter within bounds, or its default; refuses (400) anything else. */
    protected static int wholeNumber(Exchange exchange, String name, int defaultValue, int min, int max) {
        String text = exchange.getMessage().getHeader(name, String.class);
        if (text == null) {
            return defaultValue;
        }
        try {
            int value = Integer.parseInt(text.strip());
            if (value >= min && value <= max) {
                return value;
            }
        } catch (NumberFormatException e) {
            // refused below
        }
        throw Refusal.badRequest("invalid_parameter", name + " must be a whole number from " + min + " to " + max);
    }

    /** Only a harmless excerpt of caller-supplied text goes back into a response. */
    protected static String printable(String text) {
        String cleaned = text == null ? "" : text.replaceAll("[^A-Za-z0-9_-]", "?");
        return cleaned.length() > 40 ? cleaned.substring(0, 40) + "..." : cleaned;
    }

    /** The purpose the request names: header {@code X-Purpose}, else query parameter {@code purpose}. */
    protected static String purpose(Exchange exchange) {
        String purpose = exchange.getMessage().getHeader("X-Purpose", String.class);
        return purpose != null ? purpose : exchange.getMessage().getHeader("purpose", String.class);
    }
}
