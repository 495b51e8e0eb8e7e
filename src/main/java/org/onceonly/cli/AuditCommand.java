/*
 * Copyright 2026 The OnceOnly Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.onceonly.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.onceonly.access.AuditVerification;
import org.onceonly.hub.HubConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code onceonly audit verify}: walks the access log's hash chain and names the first entry that was edited or deleted. */
@Command(name = "audit", mixinStandardHelpOptions = true, description = "Check the tamper-evident access log.",
        subcommands = AuditCommand.Verify.class)
final class AuditCommand {

    @Command(name = "verify", mixinStandardHelpOptions = true,
            description = "Recompute the access log's hash chain; exit 0 when intact, 1 at the first broken entry.")
    static final class Verify implements Callable<Integer> {
        @Option(names = {"-c", "--config"}, defaultValue = "onceonly.yaml", description = "hub configuration (default: ${DEFAULT-VALUE})")
        Path config;

        @Option(names = "--expect-head", paramLabel = "SEQ:HASH",
                description = "the head printed by an earlier run (kept elsewhere): detects entries cut off the end since")
        String expectHead;

        @Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            try (PoolAccess pool = PoolAccess.open(HubConfig.loadOrDefaults(config))) {
                AuditVerification result = AuditVerification.of(pool.database().dataSource());
                if (!result.intact()) {
                    spec.commandLine().getErr().println("access log BROKEN at entry " + result.brokenAt() + ": " + result.problem()
                            + " (" + result.checked() + " entries before it are intact)");
                    return 1;
                }
                if (expectHead != null && !headStillThere(pool, expectHead)) {
                    spec.commandLine().getErr().println("access log BROKEN: the earlier head " + expectHead
                            + " is no longer in the chain (entries were removed from the end)");
                    return 1;
                }
                spec.commandLine().getOut().println("access log intact: " + result.checked() + " entries; head "
                        + result.headSeq() + ":" + result.headHash());
                spec.commandLine().getOut().flush();
                return 0;
            }
        }

        private static boolean headStillThere(PoolAccess pool, String head) {
            String[] parts = head.split(":", 2);
            if (parts.length != 2 || !parts[0].matches("\\d{1,18}")) {
                throw new IllegalArgumentException("--expect-head must be SEQ:HASH as printed by audit verify");
            }
            try (var connection = pool.database().dataSource().getConnection();
                 var select = connection.prepareStatement("SELECT 1 FROM access_log WHERE seq = ? AND hash = ?")) {
                select.setLong(1, Long.parseLong(parts[0]));
                select.setString(2, parts[1]);
                try (var row = select.executeQuery()) {
                    return row.next() || Long.parseLong(parts[0]) == 0;
                }
            } catch (java.sql.SQLException e) {
                throw new org.onceonly.pool.PoolException("reading the access log failed", e);
            }
        }
    }
}
