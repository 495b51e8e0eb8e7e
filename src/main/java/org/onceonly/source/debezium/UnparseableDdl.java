/*
 * Copyright 2026 The OnceOnly Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.onceonly.source.debezium;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.turbo.TurboFilter;
import ch.qos.logback.core.spi.FilterReply;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.slf4j.Marker;

/**
 * DDL statements at a binlog source that Debezium's parser cannot read. With
 * {@code schema.history.internal.skip.unparseable.ddl} Debezium skips them and capture goes on, but the only
 * trace it leaves is one WARN line with a stack trace: no event, no metric. This filter takes that line
 * (by its logger and message) and hands the statement to the source whose engine logged it, which counts it,
 * shows it on its status and logs it once in a line of its own, masked. Which engine: the one Debezium names in
 * the log context ({@code dbz.connectorName}, its {@code topic.prefix}) where it sets one; streaming DDL is
 * logged on the binlog client's thread, which has none but is named {@code blc-host:port} — then every source
 * reading that server is told (a DDL statement of a server shared by several sources counts for each).
 */
public final class UnparseableDdl extends TurboFilter {
    static final String LOGGER = "io.debezium.connector.binlog.BinlogDatabaseSchema";
    static final String MESSAGE = "Ignoring unparseable DDL statement '{}'";
    private static final String CONNECTOR_NAME = "dbz.connectorName";
    private static final String BINLOG_CLIENT_THREAD = "blc-";
    private static final Map<String, Listener> SOURCES = new ConcurrentHashMap<>();
    private static volatile boolean installed;

    private UnparseableDdl() {}

    private record Listener(String server, Consumer<String> skipped) {}

    /**
     * Tells {@code skipped} of each statement the engine named {@code connectorName}, reading {@code host:port},
     * skips. Installs the filter in the logging system the first time (nothing happens when logging is not
     * Logback's).
     */
    static void listen(String connectorName, String host, int port, Consumer<String> skipped) {
        install();
        SOURCES.put(connectorName, new Listener(host + ":" + port, skipped));
    }

    static void forget(String connectorName) {
        SOURCES.remove(connectorName);
    }

    private static synchronized void install() {
        if (!installed && LoggerFactory.getILoggerFactory() instanceof LoggerContext logging) {
            UnparseableDdl filter = new UnparseableDdl();
            filter.setName("onceonly-unparseable-ddl");
            filter.start();
            logging.addTurboFilter(filter);
            installed = true;
        }
    }

    @Override
    public FilterReply decide(Marker marker, Logger logger, Level level, String format, Object[] params, Throwable t) {
        if (!MESSAGE.equals(format) || !LOGGER.equals(logger.getName()) || params == null || params.length == 0) {
            return FilterReply.NEUTRAL;
        }
        String statement = String.valueOf(params[0]);
        String connector = MDC.get(CONNECTOR_NAME);
        Listener named = connector == null ? null : SOURCES.get(connector);
        if (named != null) {
            named.skipped().accept(statement);
            return FilterReply.DENY;
        }
        String thread = Thread.currentThread().getName();
        String server = thread.startsWith(BINLOG_CLIENT_THREAD) ? thread.substring(BINLOG_CLIENT_THREAD.length()) : null;
        boolean told = false;
        for (Listener listener : SOURCES.values()) {
            if (listener.server().equals(server)) {
                listener.skipped().accept(statement);
                told = true;
            }
        }
        return told ? FilterReply.DENY : FilterReply.NEUTRAL; // not one of ours: Debezium's own line stays
    }
}
