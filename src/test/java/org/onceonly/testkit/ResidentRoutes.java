/*
 * Copyright 2026 The OnceOnly Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.onceonly.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The mapping route tests give a department's residents table (or a view or query of the same columns: sfzh,
 * xm, xb, mz, csrq, hjdz) when the project's own routes name another table.
 */
public final class ResidentRoutes {
    private ResidentRoutes() {}

    /** Writes {@code routes/<routeId>.yaml} mapping {@code table} of {@code sourceId} to Person, and returns the folder. */
    public static Path toPerson(Path routes, String routeId, String sourceId, String table) {
        try {
            Files.createDirectories(routes);
            Files.writeString(routes.resolve(routeId + ".yaml"), """
                    - route:
                        id: %1$s
                        from:
                          uri: dept:%2$s
                          parameters:
                            table: %3$s
                          steps:
                            - transform:
                                jq:
                                  expression: >-
                                    {
                                      citizenId: (.sfzh | citizen_id),
                                      name: .xm,
                                      gender: .xb,
                                      ethnicity: .mz,
                                      birthDate: (.csrq | date("yyyyMMdd")),
                                      registeredAddress: .hjdz
                                    }
                            - to:
                                uri: pool:Person
                    """.formatted(routeId, sourceId, table));
            return routes;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
