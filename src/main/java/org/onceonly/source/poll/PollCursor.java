/*
 * Copyright 2026 The OnceOnly Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.onceonly.source.poll;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * Where polling of one table stands: the watermark and key of the last row handed on (null before the
 * first), and whether the first full pass over the table — the snapshot — is complete.
 */
record PollCursor(JsonNode watermark, List<JsonNode> key, boolean initialPassDone) {
    PollCursor {
        key = List.copyOf(key);
    }

    static PollCursor start() {
        return new PollCursor(null, List.of(), false);
    }

    boolean atStart() {
        return watermark == null;
    }

    PollCursor withInitialPassDone() {
        return new PollCursor(watermark, key, true);
    }
}
