/*
 * Copyright 2026 The OnceOnly Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.onceonly.testkit;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/** Puts an empty pool database into every field and parameter annotated {@link EmptyPool}. */
public final class PoolExtension implements BeforeAllCallback, BeforeEachCallback, ParameterResolver {
    @Override
    public void beforeAll(ExtensionContext context) {
        FixtureFields.fill(context, true, EmptyPool.class, (type, annotation) -> make(context, type));
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        FixtureFields.fill(context, false, EmptyPool.class, (type, annotation) -> make(context, type));
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.isAnnotated(EmptyPool.class);
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return FixtureFields.parameter(context, parameter.getParameter(), EmptyPool.class, (type, annotation) -> make(context, type));
    }

    private static AutoCloseable make(ExtensionContext context, Class<?> type) {
        if (type != TestPool.class) {
            throw new IllegalArgumentException("@EmptyPool fills a TestPool, not " + type.getName());
        }
        return TestPool.on(TestPostgres.shared(context));
    }
}
