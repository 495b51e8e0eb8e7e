/*
 * Copyright 2026 The OnceOnly Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.onceonly.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The bearer token a command sends to the hub: from {@code --token-file}, else the environment variable
 * {@code ONCEONLY_TOKEN} — never a command-line argument, which other users could read in the process list.
 */
final class AdminToken {
    private AdminToken() {}

    static String read(Path tokenFile) {
        if (tokenFile != null) {
            try {
                return Files.readString(tokenFile).strip();
            } catch (IOException e) {
                throw new IllegalStateException("cannot read the token file " + tokenFile + ": " + e.getMessage());
            }
        }
        String fromEnvironment = System.getenv("ONCEONLY_TOKEN");
        return fromEnvironment == null || fromEnvironment.isBlank() ? null : fromEnvironment.strip();
    }
}
