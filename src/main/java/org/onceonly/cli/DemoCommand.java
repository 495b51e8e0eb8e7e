/*
 * Copyright 2026 The OnceOnly Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.onceonly.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.onceonly.demo.DemoClients;
import org.onceonly.demo.DemoDepartments;
import org.onceonly.demo.EmbeddedMariaDbServer;
import org.onceonly.demo.HouseholdRegisterDemo;
import org.onceonly.demo.HousingFundDemo;
import org.onceonly.demo.KafkaBroker;
import org.onceonly.hub.EmbeddedPostgresServer;
import org.onceonly.hub.Hub;
import org.onceonly.hub.HubConfig;
import org.onceonly.hub.HubSettings;
import org.onceonly.source.SourceDefinitionLoader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code onceonly demo}: the hub on its embedded default with the demo departments (public security, civil
 * affairs, social security, market regulation and the certificate centre, each its own database on one
 * embedded PostgreSQL), seeded once from the same synthetic residents and kept changing; and, when the
 * machine has MariaDB's server binaries, the housing provident fund centre on a MariaDB server of the demo's
 * own (port {@value #MARIADB_PORT}), captured from its binary log.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Run the hub with demo departments and an embedded pool; data is kept under ./data between runs.")
public final class DemoCommand implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(DemoCommand.class);
    static final int DEPARTMENT_PORT = 54321;
    public static final int MARIADB_PORT = 54322;
    static final int KAFKA_PORT = 54323;
    static final int KAFKA_CONTROLLER_PORT = 54324;
    /**
     * Connectors registered only when their server started: the hub loads every file of connectors/demo at
     * start, and a MariaDB source without its server would fail preflight there.
     */
    public static final Path MARIADB_CONNECTORS = Path.of("connectors", "demo-mariadb");
    static final String SAMPLE_MATERIAL = "demo-material.pdf";

    @Option(names = "--http-port", description = "API port (default: ${DEFAULT-VALUE})", defaultValue = "8080")
    int httpPort;

    @Option(names = "--residents", description = "residents seeded on first run (default: ${DEFAULT-VALUE})", defaultValue = "10000")
    int residents;

    @Option(names = "--change-every", description = "seconds between demo changes; 0 = none (default: ${DEFAULT-VALUE})",
            defaultValue = "5")
    int changeEverySeconds;

    @Option(names = "--kafka", description = "also run a Kafka broker (port " + KAFKA_PORT + ") and publish every pool change"
            + " to the canonical topics onceonly.<Entity>")
    boolean kafka;

    @Override
    public void run() {
        EmbeddedPostgresServer.closedByCommand();
        HubConfig defaults = HubConfig.defaults();
        Path data = defaults.dataDirectory();
        HubConfig config = defaults.with(HubSettings.HTTP_PORT, httpPort).with(HubSettings.CONNECTORS, Path.of("connectors", "demo"))
                .with(HubSettings.CLIENTS, data.resolve("clients"));
        if (Files.isDirectory(data.resolve("departments/public-security"))) {
            throw new IllegalStateException(data + " was made by an earlier demo with a single department;"
                    + " remove it (rm -rf " + data + ") to start afresh");
        }
        EmbeddedPostgresServer departmentServer = EmbeddedPostgresServer.start(data.resolve("departments"), DEPARTMENT_PORT);
        DemoDepartments departments = DemoDepartments.prepare(departmentServer, residents, data.resolve("secrets"));
        HouseholdRegisterDemo register = departments.householdRegister();
        List<AutoCloseable> servers = new ArrayList<>(List.of(departmentServer));
        Optional<HousingFundDemo> housingFund = Optional.empty();
        String mariaDbNote = null;
        if (!EmbeddedMariaDbServer.installed()) {
            mariaDbNote = "The housing-fund department (MariaDB) is skipped: no MariaDB server binaries (mariadbd, mariadb-install-db);"
                    + " apt-get install " + EmbeddedMariaDbServer.PACKAGE + " to add it.";
        } else {
            EmbeddedMariaDbServer mariaDb = EmbeddedMariaDbServer.start(data.resolve("departments/mariadb"), MARIADB_PORT);
            servers.add(0, mariaDb); // stopped before PostgreSQL, after the hub
            housingFund = Optional.of(HousingFundDemo.prepare(mariaDb, departments.residentCount(), data.resolve("secrets")));
        }
        DemoClients.prepare(data.resolve("secrets"), config.platform().clients());
        writeSampleMaterial(data.resolve(SAMPLE_MATERIAL));
        if (kafka) {
            // Started before the hub, stopped after it: the relay publishes until the hub has stopped.
            KafkaBroker broker = KafkaBroker.start(data.resolve("kafka"), KAFKA_PORT, KAFKA_CONTROLLER_PORT);
            servers.add(0, broker);
            config = config.with(HubSettings.KAFKA_BOOTSTRAP_SERVERS, broker.bootstrapServers())
                    .with(HubSettings.KAFKA_PUBLISH_ENABLED, true);
        }
        Hub hub = Hub.start(config);
        if (housingFund.isPresent()) {
            registerMariaDbSources(hub);
        }
        DemoDepartments.Examples examples = departments.examples(3);
        Optional<String> depositor = housingFund.flatMap(fund -> fund.depositorAmong(examples.identityNumbers()));
        printWalkthrough(examples, depositor, mariaDbNote);

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
        List<AutoCloseable> resources = new ArrayList<>();
        resources.add(activity::shutdownNow);
        resources.add(hub);
        resources.addAll(servers);
        RunCommand.awaitShutdown(resources.toArray(AutoCloseable[]::new));
    }

    /** Registers the sources of {@link #MARIADB_CONNECTORS} with the running hub (preflighted as any added source). */
    private static void registerMariaDbSources(Hub hub) {
        try (var files = Files.list(MARIADB_CONNECTORS)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
                hub.add(SourceDefinitionLoader.load(file));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + MARIADB_CONNECTORS + ": " + e.getMessage(), e);
        }
    }

    private void printWalkthrough(DemoDepartments.Examples examples, Optional<String> depositor, String mariaDbNote) {
        String host = "http://localhost:" + httpPort;
        String base = host + "/v1/subjects/";
        String read = "-H \"Authorization: Bearer $T\" -H 'X-Purpose: " + DemoClients.WALKTHROUGH_PURPOSE + "'";
        StringBuilder text = new StringBuilder();
        text.append("\n  OnceOnly demo is running. ").append(depositor.isPresent() ? "Six" : "Five")
                .append(" departments stream into the pool (snapshot first, then changes):\n")
                .append("  public security (hukou.residents, hukou.hu), civil affairs (hydj.djxx), social security (cbdj.cbxx)\n")
                .append("  and the certificate centre (dzzz.zzxx) by change data capture on PostgreSQL")
                .append(depositor.isPresent() ? ", the housing fund (gjj.jcxx) from MariaDB's binlog" : "")
                .append(";\n  market regulation (scjg.qyxx) by polling.\n");
        if (mariaDbNote != null) {
            text.append("  ").append(mariaDbNote).append('\n');
        }
        Path secrets = Path.of("data", "secrets");
        text.append("\n  Console (sources, quarantine, conflicts, coverage, the citizen's view): ").append(host).append(org.onceonly.api.Console.PATH)
                .append("\n  sign in with the administrator's token (").append(secrets.resolve(DemoClients.ADMIN_TOKEN_FILE))
                .append(") or the portal's (").append(secrets.resolve(DemoClients.PORTAL_TOKEN_FILE)).append(").\n");
        text.append("\n  Every request authenticates as a registered client (data/clients/) and names its purpose.\n")
                .append("  Take the demo portal's and the demo administrator's bearer tokens into this shell first:\n\n")
                .append("    T=$(cat ").append(secrets.resolve(DemoClients.PORTAL_TOKEN_FILE)).append(") A=$(cat ")
                .append(secrets.resolve(DemoClients.ADMIN_TOKEN_FILE)).append(")\n")
                .append("\n  Prefill forms for the first resident — each field with its value and provenance, the\n")
                .append("  spouse's name through the marriage, the employer's through social insurance; coverage per form:\n\n");
        if (!examples.identityNumbers().isEmpty()) {
            String first = examples.identityNumbers().get(0);
            for (String[] form : List.of(new String[] {"marriage-registration", "marriage-registration"},
                    new String[] {"social-insurance-transfer", "social-insurance-transfer"},
                    new String[] {"business-licence-application", "business-registration"})) {
                text.append("    curl -s -H \"Authorization: Bearer $T\" -H 'Content-Type: application/json' ").append(host)
                        .append("/v1/prefill \\\n        -d '{\"form\": \"").append(form[0]).append("\", \"subject\": \"").append(first)
                        .append("\", \"purpose\": \"").append(form[1]).append("\"}'\n");
            }
            text.append("    curl -s -H \"Authorization: Bearer $T\" ").append(host).append("/v1/forms/marriage-registration/coverage\n");
        }
        text.append("\n  Golden records, each field with its provenance (highly sensitive fields masked for this purpose):\n\n");
        for (String id : examples.identityNumbers()) {
            text.append("    curl -s ").append(read).append(' ').append(base).append(id).append("/person\n");
        }
        text.append("\n  The first of them in the other departments:\n\n");
        examples.householdNumber().ifPresent(key -> line(text, read, base, key, "household", "户 and its members (public security)"));
        examples.registrationNumber().ifPresent(key -> line(text, read, base, key, "marriage", "婚姻登记 (civil affairs)"));
        examples.enrolmentNumber().ifPresent(key -> line(text, read, base, key, "socialinsurance", "参保登记 (social security)"));
        examples.certificateNumber().ifPresent(key -> line(text, read, base, key, "certificate", "电子证照 (certificate centre)"));
        examples.creditCode().ifPresent(key -> line(text, read, base, key, "organisation", "企业 (market regulation, polled)"));
        depositor.ifPresent(key -> line(text, read, base, key, "person", "缴存信息: name also from the housing fund (MariaDB)"));
        if (!examples.identityNumbers().isEmpty()) {
            String first = examples.identityNumbers().get(0);
            text.append("\n  Everything about the first resident, from every department, and that resident's marriages:\n\n");
            line(text, read, base, first, "", "the full picture");
            line(text, read, base, first, "marriage", "records naming the subject");
            text.append("\n  Upload a material once (an identical upload returns the same reference), list the resident's\n")
                    .append("  materials and certificates, and show the resident who read their data (the citizen portal):\n\n")
                    .append("    curl -s ").append(read).append(" -F file=@").append(Path.of("data", SAMPLE_MATERIAL))
                    .append(" -F subject=").append(first).append(' ').append(host).append("/v1/materials\n")
                    .append("    curl -s ").append(read).append(' ').append(base).append(first).append("/materials\n")
                    .append("    curl -s -H \"Authorization: Bearer $T\" -H 'X-Purpose: ").append(DemoClients.CITIZEN_PORTAL_PURPOSE)
                    .append("' ").append(base).append(first).append("/access-log\n");
        }
        text.append("\n  What the pool shares, on what terms, how fresh:  curl -s -H \"Authorization: Bearer $T\" ")
                .append(host).append("/v1/catalog\n");
        String admin = host + "/v1/admin/";
        if (kafka) {
            text.append("\n  Every pool change is published to Kafka (127.0.0.1:").append(KAFKA_PORT)
                    .append("), one topic per entity (onceonly.Person, onceonly.Household, ...).\n")
                    .append("  Follow one as a subscriber would (identity numbers masked):\n\n")
                    .append("    ./onceonly events Person --bootstrap-server 127.0.0.1:").append(KAFKA_PORT).append('\n');
        }
        text.append("\n  For data stewards and DBAs (the administrator's token):\n\n");
        adminLine(text, admin + "sources", "each source: state, snapshot progress, lag, rate, errors");
        // A steward reads personal data only under a purpose granted to it: the conflicts' values are such data.
        text.append("    curl -s -H \"Authorization: Bearer $A\" -H 'X-Purpose: ").append(DemoClients.STEWARDSHIP_PURPOSE)
                .append("' '").append(admin).append("conflicts?entity=Person'   # steward (admin token, purpose ")
                .append(DemoClients.STEWARDSHIP_PURPOSE).append("): where departments disagree, logged per person\n");
        adminLine(text, admin + "quarantine/summary", "records that did not map, by reason");
        text.append("\n  Every ").append(changeEverySeconds).append(" s a few households move house (always one of the residents above):")
                .append(" run a curl line again to see\n  registeredAddress and asOf change.")
                .append(" Stop with Ctrl-C; the next run resumes where this one stopped.\n");
        // The walkthrough is for the person at the terminal, not the log: identity numbers stay out of logs.
        System.out.println(text);
    }

    /** A one-page PDF to try the material upload with. */
    private static void writeSampleMaterial(Path file) {
        try {
            if (!Files.exists(file)) {
                Files.createDirectories(file.toAbsolutePath().getParent());
                Files.writeString(file, "%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
                        + "2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    private static void adminLine(StringBuilder text, String url, String what) {
        String command = "curl -s -H \"Authorization: Bearer $A\" '" + url + "'";
        text.append("    ").append(command).append(" ".repeat(Math.max(1, 100 - command.length()))).append("# ").append(what).append('\n');
    }

    private static void line(StringBuilder text, String read, String base, String subject, String entity, String what) {
        String command = "curl -s " + read + " " + base + subject + (entity.isEmpty() ? "" : "/" + entity);
        text.append("    ").append(command).append(" ".repeat(Math.max(1, 130 - command.length()))).append("# ").append(what).append('\n');
    }
}
