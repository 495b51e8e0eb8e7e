/*
 * Copyright 2026 The OnceOnly Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.onceonly.api;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Where the HTTP server writes multipart uploads while they arrive: {@code <dataDirectory>/uploads}. Files
 * are deleted when the response ends, but an upload cut off before its closing boundary is never finished
 * by Vert.x and its file stays; so the directory is emptied whenever the hub starts (nothing is in flight then).
 */
public final class UploadDirectory {
    private UploadDirectory() {}

    /** Creates or empties the directory and returns its absolute path. */
    public static String prepare(Path dataDirectory) {
        Path uploads = dataDirectory.resolve("uploads").toAbsolutePath();
        try {
            if (Files.isDirectory(uploads)) {
                try (Stream<Path> leftovers = Files.walk(uploads)) {
                    for (Path path : leftovers.sorted(Comparator.reverseOrder()).filter(p -> !p.equals(uploads)).toList()) {
                        Files.delete(path);
                    }
                }
            }
            Files.createDirectories(uploads);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare the upload directory " + uploads + ": " + e.getMessage(), e);
        }
        return uploads.toString();
    }
}
