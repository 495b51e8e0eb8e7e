/*
 * Copyright 2026 The OnceOnly Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.onceonly.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code onceonly source list|status|add|pause|resume|resnapshot|remove}: a running hub's sources, through
 * its admin API (the hub owns the capture engines, so the command line asks it rather than acting alone).
 */
final class SourceAdminCommands {
    private static final ObjectMapper JSON = new ObjectMapper();

    private SourceAdminCommands() {}

    /** Options every lifecycle command shares. */
    abstract static class HubCall implements Callable<Integer> {
        @Option(names = "--hub", defaultValue = "http://127.0.0.1:8080", description = "the running hub (default: ${DEFAULT-VALUE})")
        String hub;

        @Option(names = "--json", description = "print the hub's JSON answer as it is")
        boolean json;

        @Option(names = "--token-file", paramLabel = "FILE",
                description = "a file holding an administrator client's bearer token (default: the environment variable ONCEONLY_TOKEN)")
        java.nio.file.Path tokenFile;

        @Spec
        picocli.CommandLine.Model.CommandSpec spec;

        /** Sends the request; prints the answer; exit 0 on 2xx, 1 otherwise. */
        int send(String method, String path, String contentType, String body) {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(hub.replaceAll("/+$", "") + path))
                    .timeout(Duration.ofSeconds(60));
            HttpRequest.BodyPublisher publisher = body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body);
            if (contentType != null) {
                request.header("Content-Type", contentType);
            }
            String token = AdminToken.read(tokenFile);
            if (token != null) {
                request.header("Authorization", "Bearer " + token);
            }
            request.method(method, publisher);
            PrintWriter out = spec.commandLine().getOut();
            try {
                HttpResponse<String> response = HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
                JsonNode answer = JSON.readTree(response.body());
                if (response.statusCode() >= 400) {
                    spec.commandLine().getErr().println("onceonly: " + answer.path("message").asText(response.body()));
                    return 1;
                }
                out.println(json ? JSON.writerWithDefaultPrettyPrinter().writeValueAsString(answer) : describe(answer));
                out.flush();
                return 0;
            } catch (ConnectException e) {
                throw new IllegalStateException("no hub answers at " + hub + " (start it with onceonly run, or name it with --hub)");
            } catch (IOException e) {
                throw new IllegalStateException("talking to the hub at " + hub + " failed: " + e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted");
            }
        }

        /** A source (or a list of them) as one line each. */
        static String describe(JsonNode answer) {
            List<String> lines = new ArrayList<>();
            JsonNode sources = answer.has("sources") ? answer.get("sources") : JSON.createArrayNode().add(answer);
            for (JsonNode source : sources) {
                if (!source.has("state")) {
                    lines.add(source.path("id").asText() + " " + source.path("status").asText());
                    continue;
                }
                JsonNode snapshot = source.path("snapshot");
                StringBuilder line = new StringBuilder(String.format("%-32s %-10s %-9s", source.path("id").asText(),
                        source.path("kind").asText(), source.path("state").asText()));
                line.append(" snapshot ").append(snapshot.path("rowsDone").asLong());
                if (!snapshot.path("rowsTotal").isNull()) {
                    line.append('/').append(snapshot.path("rowsTotal").asLong());
                }
                if (!snapshot.path("etaSeconds").isNull()) {
                    line.append(" (eta ").append(snapshot.path("etaSeconds").asLong()).append(" s)");
                }
                line.append("  ").append(source.path("eventsPerSecond").asDouble()).append("/s");
                if (!source.path("lag").path("seconds").isNull()) {
                    line.append("  lag ").append(source.path("lag").path("seconds").asLong()).append(" s");
                }
                if (!source.path("lag").path("bytesBehind").isNull()) {
                    line.append(", ").append(source.path("lag").path("bytesBehind").asLong()).append(" B behind");
                }
                line.append("  quarantined ").append(source.path("quarantine").path("held").asLong());
                if (!source.path("lastError").isNull()) {
                    line.append("\n    last error: ").append(source.path("lastError").asText());
                }
                if (!source.path("warning").isNull()) {
                    line.append("\n    warning: ").append(source.path("warning").asText());
                }
                lines.add(line.toString());
            }
            return String.join("\n", lines);
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "Every source of the running hub with its status.")
    static final class ListSources extends HubCall {
        @Override
        public Integer call() {
            return send("GET", "/v1/admin/sources", null, null);
        }
    }

    @Command(name = "status", mixinStandardHelpOptions = true,
            description = "One source: state, snapshot progress and ETA, rate, lag, retained WAL, last error, quarantine.")
    static final class Status extends HubCall {
        @Parameters(paramLabel = "ID")
        String id;

        @Override
        public Integer call() {
            return send("GET", "/v1/admin/sources/" + id, null, null);
        }
    }

    @Command(name = "add", mixinStandardHelpOptions = true,
            description = "Register a connector file with the running hub: checked, kept in its connectors folder, started.")
    static final class Add extends HubCall {
        @Parameters(paramLabel = "FILE")
        Path file;

        @Override
        public Integer call() throws IOException {
            return send("POST", "/v1/admin/sources", "application/yaml", Files.readString(file));
        }
    }

    @Command(name = "pause", mixinStandardHelpOptions = true, description = "Stop capture and keep the offsets.")
    static final class Pause extends HubCall {
        @Parameters(paramLabel = "ID")
        String id;

        @Override
        public Integer call() {
            return send("POST", "/v1/admin/sources/" + id + "/pause", null, null);
        }
    }

    @Command(name = "resume", mixinStandardHelpOptions = true, description = "Capture again from the stored offsets.")
    static final class Resume extends HubCall {
        @Parameters(paramLabel = "ID")
        String id;

        @Override
        public Integer call() {
            return send("POST", "/v1/admin/sources/" + id + "/resume", null, null);
        }
    }

    @Command(name = "resnapshot", mixinStandardHelpOptions = true,
            description = "Read tables again while streaming goes on (incremental snapshot; all tables when none is named).")
    static final class Resnapshot extends HubCall {
        @Parameters(paramLabel = "ID", index = "0")
        String id;

        @Option(names = "--table", description = "schema.table to read again (repeatable)")
        List<String> tables = new ArrayList<>();

        @Override
        public Integer call() throws IOException {
            return send("POST", "/v1/admin/sources/" + id + "/resnapshot", "application/json",
                    JSON.writeValueAsString(java.util.Map.of("tables", tables)));
        }
    }

    @Command(name = "remove", mixinStandardHelpOptions = true,
            description = "Stop a source for good: drop its replication slot and offsets, delete its connector file.")
    static final class Remove extends HubCall {
        @Parameters(paramLabel = "ID")
        String id;

        @Override
        public Integer call() {
            return send("DELETE", "/v1/admin/sources/" + id, null, null);
        }
    }
}
