/*
 * Copyright 2026 The OnceOnly Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.onceonly.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UploadDirectoryTest {
    @TempDir
    Path data;

    @Test
    void anUploadLeftBehindByAnEarlierRunIsRemovedAtStart() throws IOException {
        Path uploads = Files.createDirectories(data.resolve("uploads/nested"));
        Files.writeString(uploads.resolve("cut-off-upload"), "%PDF-");

        String prepared = UploadDirectory.prepare(data);

        assertThat(Path.of(prepared)).isEqualTo(data.resolve("uploads").toAbsolutePath()).isDirectory();
        try (Stream<Path> left = Files.list(Path.of(prepared))) {
            assertThat(left).isEmpty();
        }
    }

    @Test
    void theDirectoryIsCreatedWhenMissing() {
        assertThat(Path.of(UploadDirectory.prepare(data))).isDirectory();
    }
}
