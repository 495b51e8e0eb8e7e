/*
 * Copyright 2026 The OnceOnly Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.onceonly.testkit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * An empty pool database (the pool's tables, no data) for a test that drives the pool's writer and reader
 * directly: on a static {@link TestPool} field, one for the class; on an instance field or a parameter, one
 * per test. Each is a copy of the pool template on the shared server, dropped when its scope ends.
 */
@Target({ElementType.FIELD, ElementType.PARAMETER})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@ExtendWith(PoolExtension.class)
public @interface EmptyPool {
}
