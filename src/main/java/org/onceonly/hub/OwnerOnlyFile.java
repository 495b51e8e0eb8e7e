/*
 * Copyright 2026 The OnceOnly Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.onceonly.hub;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;

/** A secret written to a file its owner alone may read, whole or not at all. */
public final class OwnerOnlyFile {
    private OwnerOnlyFile() {}

    /** Writes {@code secret} and a newline to {@code file}, replacing it atomically; folders are made as needed. */
    public static void write(Path file, String secret) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        Path partial = file.resolveSibling(file.getFileName() + ".partial");
        Files.deleteIfExists(partial); // left by a crash: it may have been made with other permissions
        try {
            // Owner-only from its creation, so the secret is never readable by others, not even before a chmod.
            Files.createFile(partial, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException notPosix) {
            // A file system without POSIX permissions: the data directory's own protection has to do.
            Files.createFile(partial);
        }
        Files.writeString(partial, secret + "\n", StandardCharsets.UTF_8);
        Files.move(partial, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }
}
