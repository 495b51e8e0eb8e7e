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
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.onceonly.demo.JavaProcess;
import org.onceonly.hub.HubConfig;

/**
 * The hub as operators run it: {@code onceonly run --config FILE} in a JVM of its own, so that a test can
 * kill it (SIGKILL: no shutdown hook, no flush, no goodbye) or stop it (SIGTERM: the orderly shutdown) and
 * start it again on the same configuration. The child runs on this JVM's class path, so nothing needs
 * packaging; its output (stdout and stderr) goes to a log file that {@link #log()} reads.
 */
public final class HubProcess implements AutoCloseable {
    private static final Duration STARTUP = Duration.ofSeconds(120);
    private static final Duration SHUTDOWN = Duration.ofSeconds(60);

    private final Process process;
    private final Path logFile;
    private final int port;

    private HubProcess(Process process, Path logFile, int port) {
        this.process = process;
        this.logFile = logFile;
        this.port = port;
    }

    /**
     * Starts a hub on {@code configFile} and waits until {@code /health} answers. Its output is appended to
     * {@code hub.log} next to the configuration file, so that a restarted hub's log follows the killed one's.
     */
    public static HubProcess start(Path configFile, String... jvmOptions) {
        HubConfig config = HubConfig.load(configFile);
        Path logFile = configFile.toAbsolutePath().resolveSibling("hub.log");
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx512m");
        command.addAll(List.of(jvmOptions));
        command.addAll(List.of("-cp", JavaProcess.classPath(), "org.onceonly.cli.OnceOnly",
                "run", "--config", configFile.toAbsolutePath().toString()));
        try {
            Files.writeString(logFile, "---- hub started: " + String.join(" ", command.subList(command.size() - 4, command.size()))
                    + System.lineSeparator(), StandardCharsets.UTF_8,
                    java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
            // The project folder, as for this JVM: configurations may name the project's routes and schemas relatively.
            Process process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                    .start();
            HubProcess hub = new HubProcess(process, logFile, config.httpPort());
            hub.awaitHealthy();
            return hub;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the hub: " + e.getMessage(), e);
        }
    }

    private void awaitHealthy() {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        long deadline = System.nanoTime() + STARTUP.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the hub exited with " + process.exitValue() + " while starting:\n" + logTail(40));
            }
            try {
                HttpResponse<String> health = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health"))
                        .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
                if (health.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // still starting
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            pause(Duration.ofMillis(200));
        }
        kill();
        throw new IllegalStateException("the hub did not answer /health within " + STARTUP.toSeconds() + " s:\n" + logTail(40));
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
        process.destroyForcibly();
        awaitExit(Duration.ofSeconds(30));
    }

    /** SIGTERM: the hub's orderly shutdown (sources first, then routes, then the pool), then SIGKILL if it hangs. */
    public void stop() {
        process.destroy();
        if (!awaitExit(SHUTDOWN)) {
            kill();
            throw new IllegalStateException("the hub did not stop within " + SHUTDOWN.toSeconds() + " s of SIGTERM:\n" + logTail(40));
        }
    }

    private boolean awaitExit(Duration patience) {
        try {
            return process.waitFor(patience.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
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

    private static void pause(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Stops the hub if it still runs. */
    @Override
    public void close() {
        if (process.isAlive()) {
            stop();
        }
    }
}
