/*
 * Copyright 2026 The OnceOnly Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.onceonly.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.onceonly.hub.Hub;
import org.onceonly.hub.HubConfig;
import org.onceonly.pool.PoolWriter;
import org.onceonly.pool.Quarantine;
import org.onceonly.pool.QuarantineReplay;
import org.onceonly.pool.SchemaRegistry;
import org.onceonly.route.RouteRuntime;
import org.onceonly.schema.FieldViolation;
import org.onceonly.schema.SchemaCatalog;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code onceonly quarantine list|show|replay|discard}: the changes that did not map, and what to do with them. */
@Command(name = "quarantine", mixinStandardHelpOptions = true,
        description = "Inspect, replay or discard quarantined changes (works with or without a running hub).",
        subcommands = {QuarantineCommand.ListEntries.class, QuarantineCommand.Show.class,
                QuarantineCommand.Replay.class, QuarantineCommand.Discard.class})
final class QuarantineCommand {

    /** Options every subcommand shares. */
    static class PoolOptions {
        @Option(names = {"-c", "--config"}, defaultValue = "onceonly.yaml", description = "hub configuration (default: ${DEFAULT-VALUE})")
        Path config;

        @Spec
        picocli.CommandLine.Model.CommandSpec spec;

        PrintWriter out() {
            return spec.commandLine().getOut();
        }

        HubConfig hubConfig() {
            return HubConfig.loadOrDefaults(config);
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List quarantined changes, newest first.")
    static final class ListEntries extends PoolOptions implements Callable<Integer> {
        @Option(names = "--source", description = "only this source")
        String source;

        @Option(names = "--status", defaultValue = "held", description = "held, replayed, discarded or all (default: ${DEFAULT-VALUE})")
        String status;

        @Option(names = "--limit", defaultValue = "50", description = "at most this many (default: ${DEFAULT-VALUE})")
        int limit;

        @Override
        public Integer call() {
            Quarantine.Status wanted = status.equals("all") ? null : Quarantine.Status.valueOf(status.toUpperCase());
            try (PoolAccess pool = PoolAccess.open(hubConfig())) {
                List<Quarantine.Entry> entries = new Quarantine(pool.database().dataSource()).list(source, wanted, limit);
                PrintWriter out = out();
                out.printf("%-6s %-20s %-28s %-22s %-9s %s%n", "ID", "RECEIVED", "SOURCE", "ROW", "STATUS", "FIRST REASON");
                for (Quarantine.Entry entry : entries) {
                    FieldViolation first = entry.reasons().isEmpty() ? new FieldViolation("", "") : entry.reasons().get(0);
                    out.printf("%-6d %-20s %-28s %-22s %-9s %s%n", entry.id(), entry.receivedAt().toString().substring(0, 19),
                            entry.sourceId(), entry.rowKey(), entry.status().name().toLowerCase(), first);
                }
                out.println(entries.size() + " entr" + (entries.size() == 1 ? "y" : "ies"));
                out.flush();
            }
            return 0;
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true, description = "Show one entry with its reasons and raw change.")
    static final class Show extends PoolOptions implements Callable<Integer> {
        @Parameters(paramLabel = "ID")
        long id;

        @Override
        public Integer call() throws Exception {
            try (PoolAccess pool = PoolAccess.open(hubConfig())) {
                Quarantine.Entry entry = new Quarantine(pool.database().dataSource()).find(id)
                        .orElseThrow(() -> new IllegalArgumentException("no quarantine entry " + id));
                out().println(new ObjectMapper().writerWithDefaultPrettyPrinter()
                        .writeValueAsString(org.onceonly.api.admin.QuarantineApi.entryJson(entry, true)));
                out().flush();
            }
            return 0;
        }
    }

    @Command(name = "replay", mixinStandardHelpOptions = true,
            description = "Run entries through the routes as they are now; those that map go to the pool. Exit 1 if any fails again.")
    static final class Replay extends PoolOptions implements Callable<Integer> {
        @Parameters(paramLabel = "ID", arity = "0..*", description = "entries to replay")
        List<Long> ids = new ArrayList<>();

        @Option(names = "--all", description = "every held entry (of --source, if given)")
        boolean all;

        @Option(names = "--source", description = "with --all: only this source")
        String source;

        @Override
        public Integer call() {
            if (ids.isEmpty() == !all) {
                throw new IllegalArgumentException("name entry ids, or --all (optionally with --source)");
            }
            HubConfig config = hubConfig();
            SchemaCatalog schemas = SchemaCatalog.load(config.schemas());
            try (PoolAccess pool = PoolAccess.open(config);
                 RouteRuntime routes = new RouteRuntime(schemas).load(config.routes()).start()) {
                SchemaRegistry registry = new SchemaRegistry(pool.database().dataSource());
                registry.register(schemas);
                PoolWriter writer = new PoolWriter(pool.database().dataSource(), registry);
                Quarantine quarantine = new Quarantine(pool.database().dataSource());
                QuarantineReplay replay = Hub.replay(routes, writer, quarantine);
                List<QuarantineReplay.Result> results = all ? replay.replayAll(source) : ids.stream().map(replay::replay).toList();
                boolean failedAgain = false;
                for (QuarantineReplay.Result result : results) {
                    out().println("#" + result.id() + " " + result.outcome().name().toLowerCase().replace('_', ' '));
                    result.reasons().forEach(reason -> out().println("    " + reason));
                    failedAgain |= result.outcome() == QuarantineReplay.Outcome.REJECTED_AGAIN;
                }
                out().println(results.size() + " replayed");
                out().flush();
                return failedAgain ? 1 : 0;
            }
        }
    }

    @Command(name = "discard", mixinStandardHelpOptions = true, description = "Give up on an entry, saying why (it is kept, marked discarded).")
    static final class Discard extends PoolOptions implements Callable<Integer> {
        @Parameters(paramLabel = "ID")
        long id;

        @Option(names = "--note", required = true, description = "why the change is discarded")
        String note;

        @Override
        public Integer call() {
            try (PoolAccess pool = PoolAccess.open(hubConfig())) {
                if (!new Quarantine(pool.database().dataSource()).discard(id, note)) {
                    throw new IllegalArgumentException("quarantine entry " + id + " is not held");
                }
                out().println("#" + id + " discarded");
                out().flush();
            }
            return 0;
        }
    }
}
