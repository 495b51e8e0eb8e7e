package org.onceonly.api.admin;

import java.util.function.Supplier;
import org.apache.camel.Exchange;
import org.onceonly.api.ApiRoutes;
import org.onceonly.api.Authentication;

/** {@code GET /metrics}: the hub's meters in the Prometheus text format. */
public final class MetricsApi extends ApiRoutes {
    private final Supplier<String> scrape;

    public MetricsApi(Authentication authentication, Supplier<String> scrape) {
        super(authentication);
        this.scrape = scrape;
    }

    @Override
    protected void endpoints() {
        rest("/metrics").get().produces("text/plain").to("direct:metrics");
        from("direct:metrics").routeId("metrics").process(administrator()).process(exchange -> {
            exchange.getMessage().removeHeaders("*");
            exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, 200);
            exchange.getMessage().setHeader(Exchange.CONTENT_TYPE, "text/plain; version=0.0.4; charset=utf-8");
            exchange.getMessage().setBody(scrape.get());
        });
    }
}
