/*
 * Copyright 2026 The OnceOnly Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.onceonly.schema;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class BoundedCacheTest {
    @Test
    void derivesAValueOnceAndServesItAfterwards() {
        BoundedCache<String, String> cache = new BoundedCache<>(4);
        AtomicInteger derived = new AtomicInteger();

        cache.get("a", key -> key + derived.incrementAndGet());
        String again = cache.get("a", key -> key + derived.incrementAndGet());

        assertThat(again).isEqualTo("a1");
        assertThat(derived).hasValue(1);
    }

    @Test
    void startsAfreshOnceFullSoThatItNeverHoldsMoreThanItsBound() {
        BoundedCache<Integer, Integer> cache = new BoundedCache<>(2);
        AtomicInteger derived = new AtomicInteger();
        for (int key = 0; key < 3; key++) {
            cache.get(key, k -> derived.incrementAndGet());
        }

        cache.get(0, k -> derived.incrementAndGet());

        assertThat(derived).as("key 0 was dropped when the third key came and derived again").hasValue(4);
    }
}
