/*
 * Copyright 2026 The OnceOnly Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.onceonly.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import org.onceonly.hub.HubConfig;
import org.onceonly.source.PreflightItem;
import org.onceonly.source.PreflightReport;
import org.onceonly.source.SourceDefinition;
import org.onceonly.source.SourceDefinitionLoader;
import org.onceonly.source.preflight.Preflight;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code onceonly source ...}: tools for DBAs registering department databases. */
@Command(name = "source", mixinStandardHelpOptions = true, description = "Work with registered department sources.",
        subcommands = {SourceCommand.Check.class, SourceAdminCommands.ListSources.class, SourceAdminCommands.Status.class,
                SourceAdminCommands.Add.class, SourceAdminCommands.Pause.class, SourceAdminCommands.Resume.class,
                SourceAdminCommands.Resnapshot.class, SourceAdminCommands.Remove.class})
final class SourceCommand {

    @Command(name = "check", mixinStandardHelpOptions = true,
            description = {"Connect to a source's database with the source's own credentials and list what is missing "
                    + "before it runs, each with the SQL or setting that fixes it. Exit 1 if any item FAILs (warnings do not fail)."})
    static final class Check implements Callable<Integer> {
        private static final ObjectMapper JSON = new ObjectMapper();

        @Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Parameters(paramLabel = "FILE|ID", description = "a connector YAML file, or the id of a source in the configured connectors folder")
        String source;

        @Option(names = {"-c", "--config"}, defaultValue = "onceonly.yaml",
                description = "hub configuration, to find the connectors folder for an ID (default: ${DEFAULT-VALUE})")
        Path config;

        @Option(names = "--json", description = "print the report as one JSON document")
        boolean json;

        @Override
        public Integer call() throws Exception {
            PreflightReport report = Preflight.check(definition());
            PrintWriter out = spec.commandLine().getOut();
            if (json) {
                out.println(JSON.writerWithDefaultPrettyPrinter().writeValueAsString(toJson(report)));
            } else {
                report.lines().forEach(out::println);
                out.println(report.summary());
            }
            out.flush();
            return report.failed() ? 1 : 0;
        }

        /** A path to a file when there is one (or it looks like one), else an id in the connectors folder. */
        private SourceDefinition definition() {
            Path file = Path.of(source);
            if (Files.isRegularFile(file) || source.endsWith(".yaml") || source.endsWith(".yml")) {
                return SourceDefinitionLoader.load(file);
            }
            Path connectors = HubConfig.loadOrDefaults(config).connectors();
            Map<String, SourceDefinition> sources = SourceDefinitionLoader.loadAll(connectors);
            SourceDefinition definition = sources.get(source);
            if (definition == null) {
                throw new IllegalArgumentException("no file " + source + ", and no source with id " + source + " in "
                        + connectors + (sources.isEmpty() ? "" : " (it has: " + String.join(", ", sources.keySet()) + ")"));
            }
            return definition;
        }

        static ObjectNode toJson(PreflightReport report) {
            ObjectNode root = JSON.createObjectNode()
                    .put("source", report.sourceId())
                    .put("kind", report.kind().id())
                    .put("verdict", report.verdict().name())
                    .put("summary", report.summary());
            ArrayNode items = root.putArray("items");
            for (PreflightItem item : report.items()) {
                items.addObject().put("name", item.name()).put("status", item.status().name())
                        .put("detail", item.detail()).put("remedy", item.remedy());
            }
            return root;
        }
    }
}
