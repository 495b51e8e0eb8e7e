/*
 * Copyright 2026 The OnceOnly Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.onceonly.api;

import java.util.regex.Pattern;

/**
 * What a parameter that names something may look like: a value that cannot be such a name is refused with
 * 400 naming the parameter, rather than searched for (and found nowhere).
 */
public enum Names {
    /** A source id, as connector files have it (docs/connectors.md). */
    SOURCE_ID("[a-z0-9][a-z0-9-]{1,62}", "a source id (lower-case letters, digits, '-')"),
    /** A department id: lower-case letters, digits and '-'. */
    DEPARTMENT("[a-z0-9][a-z0-9-]{0,62}", "a department id: lower-case letters, digits and '-'"),
    /** A department or other plain name: letters, digits, '.', '_', '-'. */
    NAME("[A-Za-z0-9][A-Za-z0-9._-]{0,63}", "a department name (letters, digits, '.', '_', '-')");

    private final Pattern pattern;
    private final String description;

    Names(String pattern, String description) {
        this.pattern = Pattern.compile(pattern);
        this.description = description;
    }

    public Pattern pattern() {
        return pattern;
    }

    public String description() {
        return description;
    }
}
