/*
 * Copyright 2026 The OnceOnly Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.onceonly.access;

import java.util.Arrays;
import java.util.Optional;

/** What a grant allows besides reading fields, named in a client file's {@code may:} list. */
public enum Capability {
    MATERIALS_READ("materials.read"),
    MATERIALS_UPLOAD("materials.upload"),
    MATERIALS_VERIFY("materials.verify"),
    CORRECTIONS("corrections"),
    ACCESS_LOG("access-log");

    private final String word;

    Capability(String word) {
        this.word = word;
    }

    public String word() {
        return word;
    }

    public static Optional<Capability> of(String word) {
        return Arrays.stream(values()).filter(c -> c.word.equals(word)).findFirst();
    }
}
