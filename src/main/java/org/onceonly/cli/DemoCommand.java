package org.onceonly.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code onceonly demo}: the hub on its embedded default with a demo department (the public-security
 * household register on its own embedded PostgreSQL), seeded once and kept changing.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Run the hub with demo departments and an embedded pool; data is kept under ./data between runs.")
final class DemoCommand implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(DemoCommand.class);
    static final int DEPARTMENT_PORT = 54321;

    @Option(names = "--http-port", description = "API port (default: ${DEFAULT-VALUE})", defaultValue = "8080")
    int httpPort;

    @Option(names = "--residents", description = "residents seeded on first run (default: ${DEFAULT-VALUE})", defaultValue = "10000")
    int residents;

    @Option(names = "--change-every", description = "seconds between demo changes; 0 = none (default: ${DEFAULT-VALUE})",
            defaultValue = "5")
    int changeEverySeconds;

    @Override
    public void run() {
        HubConfig config = HubConfig.defaults().withHttpPort(httpPort).withConnectors(Path.of("connectors", "demo"));
        Path data = config.dataDirectory();
        EmbeddedPostgresServer department = EmbeddedPostgresServer.start(data.resolve("departments/public-security"), DEPARTMENT_PORT);
        HouseholdRegisterDemo register = HouseholdRegisterDemo.prepare(department, residents,
                data.resolve("secrets/public-security-hukou.password"));
        Hub hub = Hub.start(config);
        List<String> samples = register.sampleIdentityNumbers(3);
        printWalkthrough(samples);

        ScheduledExecutorService activity = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "demo-activity");
            thread.setDaemon(true);
            return thread;
        });
        if (changeEverySeconds > 0) {
            activity.scheduleWithFixedDelay(() -> {
                try {
                    int moved = register.moveSomeResidents(3, samples.size());
                    LOG.info("demo: {} residents registered a new address", moved);
                } catch (RuntimeException e) {
                    LOG.warn("demo: changing residents failed: {}", e.getMessage());
                }
            }, changeEverySeconds, changeEverySeconds, TimeUnit.SECONDS);
        }
        RunCommand.awaitShutdown(activity::shutdownNow, hub, department);
    }

    private void printWalkthrough(List<String> identityNumbers) {
        StringBuilder text = new StringBuilder();
        text.append("\n  OnceOnly demo is running. The household register streams into the pool (snapshot first, then changes).\n");
        text.append("  Ask the pool for residents' golden records, each field with its provenance:\n\n");
        for (String id : identityNumbers) {
            text.append("    curl -s http://localhost:").append(httpPort).append("/v1/subjects/").append(id).append("/person\n");
        }
        text.append("\n  Every ").append(changeEverySeconds).append(" s a few residents move house: run a curl line again to see")
                .append(" registeredAddress and asOf change.\n  Stop with Ctrl-C; the next run resumes where this one stopped.\n");
        // The walkthrough is for the person at the terminal, not the log: identity numbers stay out of logs.
        System.out.println(text);
    }
}
