/*
 * Copyright 2026 The OnceOnly Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.onceonly.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.onceonly.demo.JavaProcess;

/**
 * A real Kafka Connect worker (distributed mode, its own JVM, the Debezium connectors from the test class
 * path) writing Debezium's raw change topics with the JSON converter and schemas, as the scale-out
 * documentation sets it up. Connectors are created through its REST API.
 */
public final class TestKafkaConnect implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final JavaProcess process;
    private final String base;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private TestKafkaConnect(JavaProcess process, int port) {
        this.process = process;
        this.base = "http://127.0.0.1:" + port;
    }

    public static TestKafkaConnect start(Path directory, String bootstrapServers) {
        int port = TestHubs.freePort();
        Path properties = directory.resolve("worker.properties");
        try {
            Files.createDirectories(directory);
            Files.writeString(properties, """
                    bootstrap.servers=%s
                    group.id=onceonly-connect
                    key.converter=org.apache.kafka.connect.json.JsonConverter
                    value.converter=org.apache.kafka.connect.json.JsonConverter
                    key.converter.schemas.enable=true
                    value.converter.schemas.enable=true
                    config.storage.topic=connect-configs
                    offset.storage.topic=connect-offsets
                    status.storage.topic=connect-status
                    config.storage.replication.factor=1
                    offset.storage.replication.factor=1
                    status.storage.replication.factor=1
                    offset.storage.partitions=1
                    status.storage.partitions=1
                    offset.flush.interval.ms=1000
                    listeners=http://127.0.0.1:%d
                    plugin.discovery=service_load
                    """.formatted(bootstrapServers, port));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        JavaProcess process = JavaProcess.start("kafka-connect", List.of("-Xmx512m", "-XX:+UseSerialGC"),
                "org.apache.kafka.connect.cli.ConnectDistributed", List.of(properties.toString()), directory.resolve("connect.log"));
        TestKafkaConnect connect = new TestKafkaConnect(process, port);
        long deadline = System.nanoTime() + Patience.STARTUP.toNanos();
        while (!connect.answers()) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                connect.close();
                throw new IllegalStateException("Kafka Connect did not start: " + process.tail());
            }
            pause();
        }
        return connect;
    }

    private boolean answers() {
        try {
            return send(HttpRequest.newBuilder(URI.create(base + "/connectors")).GET()).statusCode() == 200;
        } catch (IllegalStateException e) {
            return false;
        }
    }

    /** Creates a connector and waits until it and its task run. */
    public void createConnector(String name, Map<String, String> config) {
        try {
            String body = JSON.writeValueAsString(Map.of("name", name, "config", config));
            HttpResponse<String> created = send(HttpRequest.newBuilder(URI.create(base + "/connectors"))
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)));
            if (created.statusCode() != 201) {
                throw new IllegalStateException("creating connector " + name + " failed: " + created.statusCode() + " " + created.body());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        long deadline = System.nanoTime() + Patience.STARTUP.toNanos();
        while (true) {
            HttpResponse<String> status = send(HttpRequest.newBuilder(URI.create(base + "/connectors/" + name + "/status")).GET());
            if (status.statusCode() == 200) {
                try {
                    JsonNode node = JSON.readTree(status.body());
                    JsonNode tasks = node.path("tasks");
                    if ("RUNNING".equals(node.path("connector").path("state").asText()) && tasks.size() > 0
                            && "RUNNING".equals(tasks.get(0).path("state").asText())) {
                        return;
                    }
                    if (tasks.size() > 0 && "FAILED".equals(tasks.get(0).path("state").asText())) {
                        throw new IllegalStateException("connector " + name + " failed: " + tasks.get(0).path("trace").asText());
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("connector " + name + " is not running: " + status.body());
            }
            pause();
        }
    }

    private HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return http.send(request.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void pause() {
        try {
            Thread.sleep(250);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        process.close();
    }
}
