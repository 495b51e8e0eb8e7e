/*
 * Copyright 2026 The OnceOnly Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.onceonly.pool;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.onceonly.schema.FieldViolation;
import org.onceonly.schema.Origin;
import org.onceonly.schema.Rejection;

/** A change with U+0000 in it (MariaDB keeps it in text; PostgreSQL cannot store it) is held all the same. */
class QuarantineNulTest {
    @RegisterExtension
    static final PoolFixture pool = new PoolFixture();

    @Test
    void changeWithNulCharactersIsHeldWithThemReplacedAndTheReplacementSaid() throws Exception {
        String envelope = "{\"op\":\"c\",\"after\":{\"id\":7,\"xm\":\"张\\u0000三\",\"note\":\"a literal \\\\u0000 stays\"}}";
        Rejection rejection = new Rejection(new Origin("hukou", "public-security", "hukou.residents", "{\"id\":7}", "pos:1",
                Instant.parse("2026-01-01T00:00:00Z"), false), "route", envelope,
                List.of(new FieldViolation("name", "contains the character U+0000 (NUL), which the pool cannot store")));
        try (Connection connection = pool.database.dataSource().getConnection()) {
            Quarantine.hold(connection, List.of(rejection));
        }

        Quarantine.Entry entry = new Quarantine(pool.database.dataSource()).list("hukou", null, 10).get(0);
        Quarantine.Entry full = new Quarantine(pool.database.dataSource()).find(entry.id()).orElseThrow();
        assertThat(full.envelope().path("after").path("xm").asText()).isEqualTo("张\ufffd三");
        assertThat(full.envelope().path("after").path("note").asText()).isEqualTo("a literal \\u0000 stays");
        assertThat(full.reasons()).extracting(FieldViolation::field).containsExactly("name", "(envelope)");
    }
}
