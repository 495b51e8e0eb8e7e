/*
 * Copyright 2026 The OnceOnly Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.onceonly.faults;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;

/**
 * The numbers a fault case measured (time to recover, rows, quarantine counts, heap trend), appended to
 * {@code target/fault-logs/results.txt} and printed, so that docs/reliability.md can quote the latest run.
 */
final class FaultResults {
    private static final Path FILE = Path.of("target", "fault-logs", "results.txt");

    private FaultResults() {}

    static synchronized void record(String faultCase, String measurements) {
        String line = Instant.now() + " " + faultCase + ": " + measurements;
        System.out.println(line);
        try {
            Files.createDirectories(FILE.getParent());
            Files.writeString(FILE, line + System.lineSeparator(), StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            System.err.println("could not record the results: " + e.getMessage());
        }
    }
}
