/*
 * Copyright 2026 The OnceOnly Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.onceonly.source.preflight;

import org.onceonly.source.PreflightReport;
import org.onceonly.source.SourceDefinition;

/**
 * Checks, before anything runs, that a registered source can be captured as it is written: the server
 * answers, the credentials work, the server and the role are set up for the kind, and every table is there
 * and readable. Each problem comes with the SQL or setting that fixes it, with the real names filled in.
 * Run by {@code onceonly source check} and by the hub before it starts each source.
 */
public final class Preflight {
    private Preflight() {}

    public static PreflightReport check(SourceDefinition source) {
        return new PreflightReport(source.id(), source.kind(), PreflightCheck.of(source).run());
    }
}
