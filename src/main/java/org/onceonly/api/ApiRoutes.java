package org.onceonly.api;

import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.model.rest.RestBindingMode;
import org.onceonly.pool.PoolException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Base of every group of HTTP endpoints: REST on the platform-http (Vert.x) server, and one rule for the
 * unexpected — a JSON 500 naming nothing internal, logged without personal data.
 */
abstract class ApiRoutes extends RouteBuilder {
    private static final Logger LOG = LoggerFactory.getLogger(ApiRoutes.class);
    private static final String RETRY_AFTER_SECONDS = "5";

    @Override
    public final void configure() {
        restConfiguration().component("platform-http").bindingMode(RestBindingMode.off);
        // The route runtime has no error handler by default (the dispatcher handles mapping failures);
        // HTTP routes need one for onException to apply.
        errorHandler(defaultErrorHandler().logExhausted(false));
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
}
