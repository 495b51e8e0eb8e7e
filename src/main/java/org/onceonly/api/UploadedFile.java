/*
 * Copyright 2026 The OnceOnly Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.onceonly.api;

import io.vertx.ext.web.FileUpload;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The one file part of a {@code multipart/form-data} request. The body handler has streamed it to the hub's
 * upload directory (deleted when the request ends, however it ends); here it is checked for presence and
 * size before a byte of it is read into memory.
 *
 * @param declaredType what the client says it is: the part's {@code Content-Type}; null when it says nothing
 */
public record UploadedFile(String fileName, String declaredType, byte[] content) {
    private static final int MAX_FILE_NAME = 255;

    static UploadedFile read(List<FileUpload> uploads, String part, long maxBytes) {
        FileUpload upload = uploads.stream().filter(u -> part.equals(u.name())).findFirst().orElse(null);
        if (upload == null) {
            throw Refusal.badRequest("missing_part", "part '" + part + "' is missing: send the file as a multipart file part "
                    + "named '" + part + "' (with a filename)");
        }
        if (uploads.size() > 1) {
            throw Refusal.badRequest("invalid_part", "send exactly one file part, '" + part + "'; found " + uploads.size());
        }
        if (upload.size() > maxBytes) {
            throw new Refusal(413, "too_large", "part '" + part + "' is " + upload.size() + " bytes; the hub accepts up to " + maxBytes
                    + " bytes (materials.maxUploadMb)");
        }
        byte[] content;
        try (InputStream in = Files.newInputStream(Path.of(upload.uploadedFileName()))) {
            content = in.readNBytes((int) Math.min(maxBytes + 1, Integer.MAX_VALUE - 8));
        } catch (IOException e) {
            throw new IllegalStateException("the uploaded part could not be read: " + e.getClass().getSimpleName(), e);
        }
        if (content.length > maxBytes) {
            throw new Refusal(413, "too_large", "part '" + part + "' is over the " + maxBytes + " bytes the hub accepts (materials.maxUploadMb)");
        }
        if (content.length == 0) {
            throw Refusal.badRequest("invalid_part", "part '" + part + "' is empty");
        }
        return new UploadedFile(fileName(upload.fileName()), upload.contentType(), content);
    }

    /** The name's last path segment without control characters, at most 255 characters; never blank. */
    private static String fileName(String raw) {
        String name = raw == null ? "" : raw;
        name = name.substring(Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\')) + 1);
        name = name.replaceAll("\\p{Cntrl}", "").strip();
        if (name.length() > MAX_FILE_NAME) {
            name = name.substring(name.length() - MAX_FILE_NAME);
        }
        return name.isEmpty() ? "unnamed" : name;
    }
}
