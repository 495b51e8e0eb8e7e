/*
 * Copyright 2026 The OnceOnly Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.onceonly.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import org.apache.avro.Schema;
import org.apache.avro.SchemaParseException;
import org.onceonly.hub.HubConfig;
import org.onceonly.pool.SchemaRegistry;
import org.onceonly.schema.CanonicalSchema;
import org.onceonly.schema.CompatibilityMode;
import org.onceonly.schema.SchemaCatalog;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code onceonly schema ...}: checks on the canonical schemas. */
@Command(name = "schema", mixinStandardHelpOptions = true, description = "Work with canonical schemas.",
        subcommands = SchemaCommand.Check.class)
final class SchemaCommand {

    @Command(name = "check", mixinStandardHelpOptions = true,
            description = {"Check schemas/ against the schemas committed at a git ref and, when the pool is reachable,"
                    + " against every version registered there, in each entity's compatibility mode"
                    + " (default BACKWARD_TRANSITIVE). Exit 1 on any incompatible change, naming entity, field and reason."})
    static final class Check implements Callable<Integer> {
        @Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Option(names = "--against", paramLabel = "GIT-REF", defaultValue = "HEAD",
                description = "git ref whose schemas/ the working tree must follow (default: ${DEFAULT-VALUE}); 'none' to skip")
        String against;

        @Option(names = "--schemas", defaultValue = "schemas", description = "schemas folder (default: ${DEFAULT-VALUE})")
        Path schemas;

        @Option(names = {"-c", "--config"}, defaultValue = "onceonly.yaml",
                description = "hub configuration, to find the pool (default: ${DEFAULT-VALUE})")
        Path config;

        @Option(names = "--no-pool", description = "do not look for a pool")
        boolean noPool;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            SchemaCatalog current = SchemaCatalog.load(schemas);
            Map<String, List<CompatibilityMode.Version>> committed =
                    "none".equals(against) ? Map.of() : committedSchemas(against, schemas);
            Map<String, List<CompatibilityMode.Version>> registered = noPool ? Map.of() : registeredSchemas(out);
            int problems = 0;
            for (CanonicalSchema schema : current.all()) {
                CompatibilityMode mode = CompatibilityMode.of(schema);
                List<String> found = new ArrayList<>();
                found.addAll(mode.problems(schema.entity(), schema.avro(), committed.getOrDefault(schema.entity(), List.of())));
                found.addAll(mode.problems(schema.entity(), schema.avro(), registered.getOrDefault(schema.entity(), List.of())));
                if (found.isEmpty()) {
                    out.println("ok   " + schema.entity() + " (" + mode + ")");
                } else {
                    out.println("FAIL " + schema.entity() + " (" + mode + ")");
                    found.forEach(problem -> out.println("       " + problem));
                    problems += found.size();
                }
            }
            for (String entity : committed.keySet()) {
                if (current.find(entity).isEmpty()) {
                    out.println("FAIL " + entity + ": removed since " + against + " (consumers and stored records still use it)");
                    problems++;
                }
            }
            out.println(problems == 0 ? "schemas are compatible" : problems + " incompatibilit" + (problems == 1 ? "y" : "ies"));
            out.flush();
            return problems == 0 ? 0 : 1;
        }

        private Map<String, List<CompatibilityMode.Version>> registeredSchemas(PrintWriter out) {
            Optional<PoolAccess> pool = PoolAccess.reach(HubConfig.loadOrDefaults(config));
            if (pool.isEmpty()) {
                out.println("(no pool reachable: checked against git only)");
                return Map.of();
            }
            try (PoolAccess access = pool.get()) {
                return SchemaRegistry.versions(access.database().dataSource());
            }
        }

        /** The schemas in {@code folder} as committed at {@code ref}, by entity. */
        static Map<String, List<CompatibilityMode.Version>> committedSchemas(String ref, Path folder) {
            Map<String, List<CompatibilityMode.Version>> byEntity = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            // Run inside the folder: ls-tree then lists paths relative to it, and ./path resolves from it.
            String listing = git(folder, "ls-tree", "-r", "--name-only", ref, "--", ".");
            for (String path : listing.lines().filter(p -> p.endsWith(".avsc")).toList()) {
                try {
                    Schema schema = new Schema.Parser().parse(git(folder, "show", ref + ":./" + path));
                    byEntity.put(schema.getName(), List.of(new CompatibilityMode.Version(ref + ":" + path, schema)));
                } catch (SchemaParseException e) {
                    throw new IllegalArgumentException(ref + ":" + path + " is not a valid Avro schema: " + e.getMessage());
                }
            }
            return byEntity;
        }

        private static String git(Path directory, String... arguments) {
            List<String> command = new ArrayList<>();
            command.add("git");
            command.addAll(List.of(arguments));
            try {
                Process process = new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true).start();
                String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                if (process.waitFor() != 0) {
                    throw new IllegalArgumentException("git " + String.join(" ", arguments) + " failed: " + output.strip());
                }
                return output;
            } catch (IOException e) {
                throw new IllegalStateException("cannot run git (needed for --against; use --against none): " + e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted");
            }
        }
    }
}
