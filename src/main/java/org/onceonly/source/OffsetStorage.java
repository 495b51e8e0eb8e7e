/*
 * Copyright 2026 The OnceOnly Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.onceonly.source;

/**
 * Where capture engines keep their source offsets: a database reachable over JDBC (the pool's), so that a
 * hub moved to another host resumes where the old one stopped. Each source gets its own table.
 */
public record OffsetStorage(String jdbcUrl, String user, String password) {
    @Override
    public String toString() {
        return "OffsetStorage[" + jdbcUrl + ", user=" + user + "]";
    }
}
