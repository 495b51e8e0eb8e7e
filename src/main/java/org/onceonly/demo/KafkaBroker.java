/*
 * Copyright 2026 The OnceOnly Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.onceonly.demo;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;

/**
 * A single-node Apache Kafka broker (KRaft: broker and controller in one process) run from the Kafka
 * jars on this JVM's class path as its own JVM, keeping its log under a directory of ours so that a
 * restart on the same directory keeps every topic. For {@code onceonly demo --kafka} and the tests; a
 * production hub uses the organisation's Kafka cluster.
 */
public final class KafkaBroker implements AutoCloseable {
    private static final Duration STARTUP = Duration.ofSeconds(90);
    private static final List<String> JVM_OPTIONS = List.of("-Xms64m", "-Xmx384m", "-XX:+UseSerialGC",
            "-Djava.awt.headless=true");

    private final Path directory;
    private final int port;
    private final JavaProcess process;

    private KafkaBroker(Path directory, int port, JavaProcess process) {
        this.directory = directory;
        this.port = port;
        this.process = process;
    }

    /**
     * Starts (or restarts) a broker whose files live under {@code directory}, listening for clients on
     * 127.0.0.1:{@code port} and for its own controller on {@code controllerPort}. Returns once it
     * answers an admin request.
     */
    public static KafkaBroker start(Path directory, int port, int controllerPort) {
        Path home = directory.toAbsolutePath().normalize();
        Path properties = home.resolve("server.properties");
        try {
            Files.createDirectories(home);
            Files.writeString(properties, serverProperties(home, port, controllerPort));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare the Kafka broker under " + home + ": " + e.getMessage(), e);
        }
        if (!Files.exists(home.resolve("logs/meta.properties"))) {
            // First start: format the log directory for a new cluster (the standalone controller's quorum).
            JavaProcess.run("kafka-storage-format", JVM_OPTIONS, classPath(), "kafka.tools.StorageTool",
                    List.of("format", "-t", Uuid.randomUuid().toString(), "-c", properties.toString()),
                    home.resolve("storage-format.log"), Duration.ofSeconds(60));
        }
        JavaProcess process = JavaProcess.start("kafka-broker", JVM_OPTIONS, classPath(), "kafka.Kafka", List.of(properties.toString()),
                home.resolve("broker.log"));
        KafkaBroker broker = new KafkaBroker(home, port, process);
        try {
            broker.awaitReady();
        } catch (RuntimeException e) {
            broker.close();
            throw e;
        }
        return broker;
    }

    /**
     * The broker's class path: this JVM's, plus the broker's own jars, which the hub's runtime does not carry —
     * {@code kafka-lib/} beside {@code onceonly.jar} (the build copies them there). Under Maven's tests they are
     * on the test class path already.
     */
    static String classPath() {
        try {
            Path codeSource = Path.of(KafkaBroker.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            Path brokerLibraries = codeSource.toAbsolutePath().getParent().resolve("kafka-lib");
            return Files.isDirectory(brokerLibraries) && Files.isRegularFile(codeSource)
                    ? JavaProcess.classPath() + java.io.File.pathSeparator + brokerLibraries.resolve("*")
                    : JavaProcess.classPath();
        } catch (java.net.URISyntaxException | RuntimeException e) {
            return JavaProcess.classPath();
        }
    }

    /**
     * One node is broker and controller; every internal topic has one replica; the log cleaner's buffer is
     * small (its default reserves 128 MiB of heap); consumer groups start without the usual 3 s delay.
     */
    private static String serverProperties(Path home, int port, int controllerPort) {
        return """
                process.roles=broker,controller
                node.id=1
                controller.quorum.voters=1@127.0.0.1:%2$d
                listeners=PLAINTEXT://127.0.0.1:%1$d,CONTROLLER://127.0.0.1:%2$d
                advertised.listeners=PLAINTEXT://127.0.0.1:%1$d
                controller.listener.names=CONTROLLER
                inter.broker.listener.name=PLAINTEXT
                listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
                log.dirs=%3$s/logs
                num.partitions=3
                auto.create.topics.enable=true
                offsets.topic.replication.factor=1
                offsets.topic.num.partitions=5
                transaction.state.log.replication.factor=1
                transaction.state.log.min.isr=1
                transaction.state.log.num.partitions=5
                share.coordinator.state.topic.replication.factor=1
                share.coordinator.state.topic.min.isr=1
                group.initial.rebalance.delay.ms=0
                log.cleaner.dedupe.buffer.size=2097152
                """.formatted(port, controllerPort, home);
    }

    private void awaitReady() {
        long deadline = System.nanoTime() + STARTUP.toNanos();
        while (true) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the Kafka broker exited while starting: " + process.tail());
            }
            if (listening() && answers()) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the Kafka broker did not answer on port " + port + " within "
                        + STARTUP.toSeconds() + " s: " + process.tail());
            }
            pause();
        }
    }

    private boolean answers() {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 2000, AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 3000))) {
            return !admin.describeCluster().nodes().get(3, TimeUnit.SECONDS).isEmpty();
        } catch (Exception notYet) {
            return false; // still starting
        }
    }

    /** Probed before asking an admin client, which would log a warning for every refused connection. */
    private boolean listening() {
        try (java.net.Socket socket = new java.net.Socket()) {
            socket.connect(new java.net.InetSocketAddress("127.0.0.1", port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static void pause() {
        try {
            Thread.sleep(200);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the Kafka broker", e);
        }
    }

    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    public Path directory() {
        return directory;
    }

    /** Kills the broker at once (SIGKILL), as a crash or a cut network would: for outage tests. */
    public void kill() {
        process.kill();
    }

    /** Stops the broker cleanly (SIGTERM); its log stays for the next start. */
    @Override
    public void close() {
        process.close();
    }
}
