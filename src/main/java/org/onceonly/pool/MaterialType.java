/*
 * Copyright 2026 The OnceOnly Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.onceonly.pool;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * The kinds of file a citizen may hand in as material, told apart by their content's first bytes (their
 * "magic numbers"), never by a name or a declared type alone. Three fixed signatures are all that is
 * needed; a general detector would accept more than these on weaker evidence.
 */
public enum MaterialType {
    /** ISO 32000: the file starts with {@code %PDF-}. */
    PDF("application/pdf", new byte[] {'%', 'P', 'D', 'F', '-'}),
    /** ISO/IEC 15948: the eight-byte PNG signature. */
    PNG("image/png", new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'}),
    /** ISO/IEC 10918: start-of-image marker followed by the next marker's 0xFF. */
    JPEG("image/jpeg", new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF});

    private final String mediaType;
    private final byte[] signature;

    MaterialType(String mediaType, byte[] signature) {
        this.mediaType = mediaType;
        this.signature = signature;
    }

    public String mediaType() {
        return mediaType;
    }

    /** The type whose signature the content starts with. */
    public static Optional<MaterialType> of(byte[] content) {
        return Arrays.stream(values()).filter(type -> type.startsOf(content)).findFirst();
    }

    /** The type a declared media type names ({@code image/jpg} is a common alias); parameters are ignored. */
    public static Optional<MaterialType> declared(String mediaType) {
        if (mediaType == null) {
            return Optional.empty();
        }
        String bare = mediaType.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
        if (bare.equals("image/jpg") || bare.equals("image/pjpeg")) {
            return Optional.of(JPEG);
        }
        return Arrays.stream(values()).filter(type -> type.mediaType.equals(bare)).findFirst();
    }

    private boolean startsOf(byte[] content) {
        return content.length >= signature.length && Arrays.equals(content, 0, signature.length, signature, 0, signature.length);
    }
}
