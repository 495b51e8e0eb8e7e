/*
 * Copyright 2026 The OnceOnly Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.onceonly.cli;

import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import org.onceonly.hub.EmbeddedPostgresServer;
import org.onceonly.hub.Hub;
import org.onceonly.hub.HubConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code onceonly run}: the hub from a config file, until interrupted. */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Run the hub: capture the registered sources, apply routes, serve the pool API.")
final class RunCommand implements Runnable {
    @Option(names = {"-c", "--config"}, description = "hub configuration file (default: ${DEFAULT-VALUE}; built-in defaults if absent)",
            defaultValue = "onceonly.yaml")
    Path config;

    @Override
    public void run() {
        EmbeddedPostgresServer.closedByCommand();
        HubConfig hubConfig = HubConfig.loadOrDefaults(config);
        Hub hub = Hub.start(hubConfig);
        awaitShutdown(hub);
    }

    /** Blocks until Ctrl-C or SIGTERM, then closes what was started, in order. */
    static void awaitShutdown(AutoCloseable... resources) {
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            for (AutoCloseable resource : resources) {
                try {
                    resource.close();
                } catch (Exception e) {
                    System.err.println("stopping: " + e.getMessage());
                }
            }
            stopped.countDown();
        }, "onceonly-shutdown"));
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
