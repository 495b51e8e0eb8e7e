/*
 * Copyright 2026 The OnceOnly Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.onceonly.schema;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Values derived from immutable configuration (schemas, grants, a route's date patterns) that every request
 * or row would otherwise derive again. Safe for any number of threads. It holds at most {@code most}
 * entries: past that it starts afresh, which only happens when the configuration was reloaded many times
 * (old keys are never asked for again) or when keys come from callers or data.
 */
public final class BoundedCache<K, V> {
    private final int most;
    private final Map<K, V> values = new ConcurrentHashMap<>();

    public BoundedCache(int most) {
        this.most = most;
    }

    public V get(K key, Function<? super K, ? extends V> derive) {
        V known = values.get(key);
        if (known != null) {
            return known;
        }
        if (values.size() >= most) {
            values.clear();
        }
        return values.computeIfAbsent(key, derive);
    }
}
