/*
 * Copyright 2026 The OnceOnly Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.onceonly.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code onceonly} command line. */
@Command(name = "onceonly", mixinStandardHelpOptions = true, version = "OnceOnly 0.1.0",
        description = "Data-integration hub for one-stop government services: department databases in, "
                + "a governed shared data pool out.",
        subcommands = {RunCommand.class, DemoCommand.class, SourceCommand.class, RouteCommand.class, SchemaCommand.class,
                QuarantineCommand.class, AuditCommand.class, ClientCommand.class, EventsCommand.class,
                org.onceonly.bench.BenchCommand.class})
public final class OnceOnly implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    public static CommandLine commandLine() {
        CommandLine commandLine = new CommandLine(new OnceOnly());
        // Bad input is the user's to fix: say what is wrong, not where in our code it was noticed.
        commandLine.setExecutionExceptionHandler((error, cmd, parsed) -> {
            cmd.getErr().println("onceonly: " + org.onceonly.identity.Masking.maskIdentityNumbers(String.valueOf(error.getMessage())));
            return 1;
        });
        return commandLine;
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
