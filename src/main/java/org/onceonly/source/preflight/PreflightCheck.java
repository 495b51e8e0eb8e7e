/*
 * Copyright 2026 The OnceOnly Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.onceonly.source.preflight;

import java.util.List;
import org.onceonly.source.PreflightItem;
import org.onceonly.source.SourceDefinition;

/**
 * The preflight of one kind of source. A new kind adds its own implementation and a case in
 * {@link #of}; the switch has no default, so a kind without one does not compile.
 */
interface PreflightCheck {
    /** Connects with the source's own credentials and lists every item, in order. */
    List<PreflightItem> run();

    static PreflightCheck of(SourceDefinition source) {
        return switch (source.kind()) {
            case POSTGRES -> new PostgresPreflight(source);
            case MARIADB, MYSQL -> new BinlogPreflight(source);
            case JDBC_POLL -> new JdbcPollPreflight(source);
        };
    }
}
