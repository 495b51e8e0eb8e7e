/*
 * Copyright 2026 The OnceOnly Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.onceonly.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.onceonly.route.RouteTester;
import org.onceonly.schema.AvroJson;
import org.onceonly.schema.CanonicalChange;
import org.onceonly.schema.FieldViolation;
import org.onceonly.schema.SchemaCatalog;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code onceonly route ...}: tools for data engineers writing routes. */
@Command(name = "route", mixinStandardHelpOptions = true, description = "Work with mapping routes.",
        subcommands = RouteCommand.Test.class)
final class RouteCommand {

    @Command(name = "test", mixinStandardHelpOptions = true,
            description = "Run a route on sample rows and print the canonical records or the reasons, touching no pool. "
                    + "Exit 1 if any sample is rejected.")
    static final class Test implements Callable<Integer> {
        private static final ObjectMapper JSON = new ObjectMapper();

        @Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Parameters(index = "0", paramLabel = "ROUTE", description = "the route's YAML file")
        Path route;

        @Option(names = "--sample", required = true, paramLabel = "ROWS.json",
                description = "a JSON array of rows (each an insert) or change envelopes {op, before, after}")
        Path sample;

        @Option(names = "--table", description = "the dept: table to feed when the route file has several")
        String table;

        @Option(names = "--schemas", description = "canonical schemas folder (default: ${DEFAULT-VALUE})", defaultValue = "schemas")
        Path schemas;

        @Option(names = "--json", description = "print one JSON document instead of text")
        boolean json;

        @Override
        public Integer call() throws IOException {
            JsonNode rows = JSON.readTree(sample.toFile());
            if (!rows.isArray()) {
                throw new IllegalArgumentException(sample + " must hold a JSON array of rows");
            }
            List<JsonNode> samples = new ArrayList<>();
            rows.forEach(samples::add);
            List<RouteTester.Outcome> outcomes = RouteTester.run(route, SchemaCatalog.load(schemas), samples, table);
            PrintWriter out = spec.commandLine().getOut();
            if (json) {
                out.println(JSON.writerWithDefaultPrettyPrinter().writeValueAsString(toJson(outcomes)));
            } else {
                printText(out, outcomes);
            }
            out.flush();
            return outcomes.stream().allMatch(RouteTester.Outcome::accepted) ? 0 : 1;
        }

        private static void printText(PrintWriter out, List<RouteTester.Outcome> outcomes) {
            long rejected = outcomes.stream().filter(o -> !o.accepted()).count();
            for (RouteTester.Outcome outcome : outcomes) {
                if (outcome.accepted()) {
                    if (outcome.records().isEmpty()) {
                        out.println("#" + outcome.sample() + " filtered out: the route sent nothing to the pool");
                    }
                    for (CanonicalChange change : outcome.records()) {
                        out.println("#" + outcome.sample() + " " + change.entity() + " " + change.operation().code() + " "
                                + (change.record() == null ? "(delete)" : AvroJson.toJson(change.record())));
                    }
                } else {
                    out.println("#" + outcome.sample() + " REJECTED by " + outcome.rejection().routeId());
                    for (FieldViolation reason : outcome.rejection().reasons()) {
                        out.println("    " + reason.field() + ": " + reason.reason());
                    }
                }
            }
            out.println(outcomes.size() + " samples: " + (outcomes.size() - rejected) + " mapped, " + rejected + " rejected");
        }

        private static ArrayNode toJson(List<RouteTester.Outcome> outcomes) {
            ArrayNode array = JSON.createArrayNode();
            for (RouteTester.Outcome outcome : outcomes) {
                ObjectNode node = array.addObject().put("sample", outcome.sample()).put("accepted", outcome.accepted());
                ArrayNode records = node.putArray("records");
                for (CanonicalChange change : outcome.records()) {
                    records.addObject().put("entity", change.entity()).put("op", change.operation().code())
                            .set("record", change.record() == null ? null : AvroJson.toJson(change.record()));
                }
                if (!outcome.accepted()) {
                    ArrayNode reasons = node.putArray("reasons");
                    outcome.rejection().reasons().forEach(r -> reasons.addObject().put("field", r.field()).put("reason", r.reason()));
                }
            }
            return array;
        }
    }
}
