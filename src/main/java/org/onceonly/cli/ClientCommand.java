/*
 * Copyright 2026 The OnceOnly Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.onceonly.cli;

import java.util.concurrent.Callable;
import org.onceonly.access.Tokens;
import picocli.CommandLine.Command;
import picocli.CommandLine.Spec;

/** {@code onceonly client token}: a new bearer token for a client, and the hash that goes into its file. */
@Command(name = "client", mixinStandardHelpOptions = true, description = "Register API clients.",
        subcommands = ClientCommand.NewToken.class)
final class ClientCommand {

    @Command(name = "token", mixinStandardHelpOptions = true,
            description = "Make a bearer token: give the token to the client once; put only its tokenSha256 into clients/<id>.yaml.")
    static final class NewToken implements Callable<Integer> {
        @Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            String token = Tokens.newToken();
            spec.commandLine().getOut().println("token:       " + token);
            spec.commandLine().getOut().println("tokenSha256: " + Tokens.sha256Hex(token));
            spec.commandLine().getOut().flush();
            return 0;
        }
    }
}
