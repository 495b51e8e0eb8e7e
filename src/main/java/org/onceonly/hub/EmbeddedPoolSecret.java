/*
 * Copyright 2026 The OnceOnly Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.onceonly.hub;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * The embedded pool's superuser password: generated once (256 random bits) into
 * {@code <dataDirectory>/secrets/pool.password}, readable by its owner only, and read back on every later
 * start — by the hub and by the commands that reach the pool.
 */
public final class EmbeddedPoolSecret {
    private static final SecureRandom RANDOM = new SecureRandom();

    private EmbeddedPoolSecret() {}

    public static Path file(Path dataDirectory) {
        return dataDirectory.resolve("secrets").resolve("pool.password");
    }

    /** The password, made now if the data directory has none yet. */
    public static String of(Path dataDirectory) {
        Path file = file(dataDirectory);
        try {
            if (Files.exists(file)) {
                return Files.readString(file, StandardCharsets.UTF_8).strip();
            }
            byte[] bytes = new byte[32];
            RANDOM.nextBytes(bytes);
            String secret = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
            OwnerOnlyFile.write(file, secret);
            return secret;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create the embedded pool's secret " + file + ": " + e.getMessage(), e);
        }
    }
}
