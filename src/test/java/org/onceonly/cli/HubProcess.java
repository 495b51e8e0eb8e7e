package org.onceonly.cli;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * A hub as its own JVM ({@code onceonly run --config FILE}) on the test class path, so that a test can
 * kill it outright. Output goes to {@code hub.log} in the hub's data directory.
 */
public final class HubProcess implements AutoCloseable {
    private static final Duration STARTUP = Duration.ofSeconds(90);
    private final JavaProcess process;
    private final int port;

    private HubProcess(JavaProcess process, int port) {
        this.process = process;
        this.port = port;
    }

    /** Starts a hub on {@code configFile} and returns once its API answers. */
    public static HubProcess start(Path configFile) {
        HubConfig config = HubConfig.load(configFile);
        JavaProcess process = JavaProcess.start("hub-" + config.httpPort(), List.of("-Xmx512m", "-XX:+UseSerialGC"),
                OnceOnly.class.getName(), List.of("run", "--config", configFile.toAbsolutePath().toString()),
                config.dataDirectory().resolve("hub.log"));
        HubProcess hub = new HubProcess(process, config.httpPort());
        ApiClient api = new ApiClient(config.httpPort());
        long deadline = System.nanoTime() + STARTUP.toNanos();
        while (!api.answers()) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                process.kill();
                throw new IllegalStateException("hub on port " + config.httpPort() + " did not start: " + process.tail());
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        return hub;
    }

    public int port() {
        return port;
    }

    /** SIGKILL: the hub stops mid-whatever, without closing anything. */
    public void kill() {
        process.kill();
    }

    /** SIGTERM: the hub closes its sources, routes and pool in order. */
    public void stop() {
        process.close();
    }

    @Override
    public void close() {
        stop();
    }
}
