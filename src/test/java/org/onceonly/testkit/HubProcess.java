/*
 * Copyright 2026 The OnceOnly Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.onceonly.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.onceonly.demo.JavaProcess;
import org.onceonly.hub.HubConfig;

/**
 * The hub as operators run it: {@code onceonly run --config FILE} in a JVM of its own (a
 * {@link JavaProcess}, the launcher the demo's broker uses too), so that a test can kill it (SIGKILL: no
 * shutdown hook, no flush, no goodbye) or stop it (SIGTERM: the orderly shutdown) and start it again on the
 * same configuration. The child runs on this JVM's class path, so nothing needs packaging; its output goes
 * to {@code hub.log} beside the configuration file, where a restarted hub's log follows the killed one's.
 */
public final class HubProcess implements AutoCloseable {
    private final JavaProcess process;
    private final Path logFile;
    private final int port;

    private HubProcess(JavaProcess process, Path logFile, int port) {
        this.process = process;
        this.logFile = logFile;
        this.port = port;
    }

    /** Starts a hub on {@code configFile} and waits until {@code /health} answers. */
    public static HubProcess start(Path configFile, String... jvmOptions) {
        HubConfig config = HubConfig.load(configFile);
        Path logFile = configFile.toAbsolutePath().resolveSibling("hub.log");
        List<String> options = new ArrayList<>(List.of("-Xmx512m"));
        options.addAll(List.of(jvmOptions));
        List<String> arguments = List.of("run", "--config", configFile.toAbsolutePath().toString());
        try {
            Files.writeString(logFile, "---- hub started: " + String.join(" ", arguments) + System.lineSeparator(),
                    StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + logFile + ": " + e.getMessage(), e);
        }
        // The project folder is the working directory, as for this JVM: configurations may name routes and schemas relatively.
        HubProcess hub = new HubProcess(JavaProcess.start("hub", options, "org.onceonly.cli.OnceOnly", arguments, logFile), logFile,
                config.httpPort());
        hub.awaitHealthy();
        return hub;
    }

    private void awaitHealthy() {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        long deadline = System.nanoTime() + Patience.STARTUP.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the hub exited while starting:\n" + logTail(40));
            }
            try {
                HttpResponse<Void> health = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health"))
                        .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding());
                if (health.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // still starting
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            try {
                Thread.sleep(200); // polling a process that is starting
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        kill();
        throw new IllegalStateException("the hub did not answer /health within " + Patience.STARTUP.toSeconds() + " s:\n" + logTail(40));
    }

    public int port() {
        return port;
    }

    public long pid() {
        return process.pid();
    }

    public boolean alive() {
        return process.isAlive();
    }

    /** A client for this hub's API. */
    public ApiClient api() {
        return new ApiClient(port);
    }

    /** SIGKILL: the process ends at once, mid-batch if it is in one. */
    public void kill() {
        process.kill();
    }

    /** SIGTERM: the hub's orderly shutdown (sources first, then routes, then the pool); SIGKILL if it hangs. */
    public void stop() {
        process.close();
    }

    /** Everything the hub processes on this configuration wrote so far. */
    public String log() {
        try {
            return Files.readString(logFile, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(cannot read " + logFile + ": " + e.getMessage() + ")";
        }
    }

    /** The last {@code lines} lines of the log, for failure messages. */
    public String logTail(int lines) {
        List<String> all = log().lines().toList();
        return String.join(System.lineSeparator(), all.subList(Math.max(0, all.size() - lines), all.size()));
    }

    public Path logFile() {
        return logFile;
    }

    /** Stops the hub if it still runs. */
    @Override
    public void close() {
        stop();
    }
}
