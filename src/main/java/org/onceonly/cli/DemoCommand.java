package org.onceonly.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.onceonly.cli.demo.DemoDepartments;
import org.onceonly.cli.demo.HouseholdRegisterDemo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code onceonly demo}: the hub on its embedded default with the demo departments (public security, civil
 * affairs, social security, market regulation and the certificate centre, each its own database on one
 * embedded PostgreSQL), seeded once from the same synthetic residents and kept changing.
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
        if (Files.isDirectory(data.resolve("departments/public-security"))) {
            throw new IllegalStateException(data + " was made by an earlier demo with a single department;"
                    + " remove it (rm -rf " + data + ") to start afresh");
        }
        EmbeddedPostgresServer departmentServer = EmbeddedPostgresServer.start(data.resolve("departments"), DEPARTMENT_PORT);
        DemoDepartments departments = DemoDepartments.prepare(departmentServer, residents, data.resolve("secrets"));
        HouseholdRegisterDemo register = departments.householdRegister();
        Hub hub = Hub.start(config);
        DemoDepartments.Examples examples = departments.examples(3);
        printWalkthrough(examples);

        ScheduledExecutorService activity = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "demo-activity");
            thread.setDaemon(true);
            return thread;
        });
        if (changeEverySeconds > 0) {
            activity.scheduleWithFixedDelay(() -> {
                try {
                    int moved = register.moveSomeResidents(3, examples.identityNumbers().size());
                    LOG.info("demo: households moved, {} residents registered a new address", moved);
                } catch (RuntimeException e) {
                    LOG.warn("demo: changing residents failed: {}", e.getMessage());
                }
            }, changeEverySeconds, changeEverySeconds, TimeUnit.SECONDS);
        }
        RunCommand.awaitShutdown(activity::shutdownNow, hub, departmentServer);
    }

    private void printWalkthrough(DemoDepartments.Examples examples) {
        String base = "http://localhost:" + httpPort + "/v1/subjects/";
        StringBuilder text = new StringBuilder();
        text.append("\n  OnceOnly demo is running. Five departments stream into the pool (snapshot first, then changes):\n")
                .append("  public security (hukou.residents, hukou.hu), civil affairs (hydj.djxx), social security (cbdj.cbxx)\n")
                .append("  and the certificate centre (dzzz.zzxx) by change data capture; market regulation (scjg.qyxx) by polling.\n")
                .append("  Ask the pool for residents' golden records, each field with its provenance:\n\n");
        for (String id : examples.identityNumbers()) {
            text.append("    curl -s ").append(base).append(id).append("/person\n");
        }
        text.append("\n  The first of them in the other departments:\n\n");
        examples.householdNumber().ifPresent(key -> line(text, base, key, "household", "户 and its members (public security)"));
        examples.registrationNumber().ifPresent(key -> line(text, base, key, "marriage", "婚姻登记 (civil affairs)"));
        examples.enrolmentNumber().ifPresent(key -> line(text, base, key, "socialinsurance", "参保登记 (social security)"));
        examples.certificateNumber().ifPresent(key -> line(text, base, key, "certificate", "电子证照 (certificate centre)"));
        examples.creditCode().ifPresent(key -> line(text, base, key, "organisation", "企业 (market regulation, polled)"));
        if (!examples.identityNumbers().isEmpty()) {
            String first = examples.identityNumbers().get(0);
            text.append("\n  Everything about the first resident, from every department, and that resident's marriages:\n\n");
            line(text, base, first, "", "the full picture");
            line(text, base, first, "marriage", "records naming the subject");
        }
        String admin = "http://localhost:" + httpPort + "/v1/admin/";
        text.append("\n  For data stewards and DBAs:\n\n");
        adminLine(text, admin + "conflicts?entity=Person", "where departments disagree (the household register wins)");
        adminLine(text, admin + "sources", "each source: state, snapshot progress, lag, rate, errors");
        adminLine(text, admin + "quarantine/summary", "records that did not map, by reason");
        text.append("\n  Every ").append(changeEverySeconds).append(" s a few households move house (always one of the residents above):")
                .append(" run a curl line again to see\n  registeredAddress and asOf change.")
                .append(" Stop with Ctrl-C; the next run resumes where this one stopped.\n");
        // The walkthrough is for the person at the terminal, not the log: identity numbers stay out of logs.
        System.out.println(text);
    }

    private static void adminLine(StringBuilder text, String url, String what) {
        String command = "curl -s '" + url + "'";
        text.append("    ").append(command).append(" ".repeat(Math.max(1, 92 - command.length()))).append("# ").append(what).append('\n');
    }

    private static void line(StringBuilder text, String base, String subject, String entity, String what) {
        String command = "curl -s " + base + subject + (entity.isEmpty() ? "" : "/" + entity);
        text.append("    ").append(command).append(" ".repeat(Math.max(1, 92 - command.length()))).append("# ").append(what).append('\n');
    }
}
