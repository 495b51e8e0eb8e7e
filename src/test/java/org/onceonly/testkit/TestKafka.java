/*
 * Copyright 2026 The OnceOnly Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.onceonly.testkit;

import java.nio.file.Path;
import org.onceonly.demo.KafkaBroker;

/**
 * A Kafka broker for a test: the demo's single-node KRaft broker in its own JVM, on free ports and a folder
 * of its own, which the test may kill and start again (same ports, same log). Closing it stops the broker
 * and deletes its files.
 */
public final class TestKafka implements AutoCloseable {
    private final Path directory;
    private final int port;
    private final int controllerPort;
    private KafkaBroker broker;

    private TestKafka(Path directory, int port, int controllerPort) {
        this.directory = directory;
        this.port = port;
        this.controllerPort = controllerPort;
    }

    public static TestKafka start() {
        TestKafka kafka = new TestKafka(TestDirectories.create("onceonly-kafka-"), TestHubs.freePort(), TestHubs.freePort());
        kafka.startAgain();
        return kafka;
    }

    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    /** SIGKILL: the broker ends at once, as in a crash or a cut network. */
    public synchronized void kill() {
        if (broker != null) {
            broker.kill();
            broker = null;
        }
    }

    /** Starts the broker again on the same ports and log after {@link #kill()}. */
    public synchronized void startAgain() {
        if (broker == null) {
            broker = KafkaBroker.start(directory.resolve("kafka"), port, controllerPort);
        }
    }

    @Override
    public synchronized void close() {
        if (broker != null) {
            broker.close();
            broker = null;
        }
        TestDirectories.delete(directory);
    }
}
