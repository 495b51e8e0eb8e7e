/*
 * Copyright 2026 The OnceOnly Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.onceonly.testkit;

import java.lang.annotation.Annotation;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.BiFunction;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.platform.commons.support.AnnotationSupport;
import org.junit.platform.commons.support.HierarchyTraversalMode;

/**
 * How the kit's extensions fill annotated fields: static fields from the class's store (one fixture for
 * the class), instance fields from the test's store (one per test). A fixture is made once per field and
 * scope, whichever extension asks first, and JUnit closes it when the scope's store closes.
 */
final class FixtureFields {
    private FixtureFields() {}

    /** Makes (where not made yet) and sets the fixtures of the fields annotated {@code annotation} in scope. */
    static <A extends Annotation> List<Object> fill(ExtensionContext context, boolean statics, Class<A> annotation,
                                                    BiFunction<Class<?>, A, AutoCloseable> make) {
        ExtensionContext.Store store = context.getStore(ExtensionContext.Namespace.create(FixtureFields.class, annotation));
        List<Object> fixtures = new ArrayList<>();
        List<Object> instances = statics ? Collections.singletonList(null) : context.getRequiredTestInstances().getAllInstances();
        for (Object instance : instances) {
            Class<?> type = instance == null ? context.getRequiredTestClass() : instance.getClass();
            for (Field field : AnnotationSupport.findAnnotatedFields(type, annotation, f -> Modifier.isStatic(f.getModifiers()) == statics,
                    HierarchyTraversalMode.TOP_DOWN)) {
                Object fixture = store.getOrComputeIfAbsent(field, f -> make.apply(field.getType(), field.getAnnotation(annotation)),
                        AutoCloseable.class);
                try {
                    field.setAccessible(true);
                    field.set(instance, fixture);
                } catch (IllegalAccessException e) {
                    throw new IllegalStateException("cannot set @" + annotation.getSimpleName() + " field " + field, e);
                }
                fixtures.add(fixture);
            }
        }
        return fixtures;
    }

    /** The fixture of a parameter annotated {@code annotation}, made once for the test. */
    static <A extends Annotation> Object parameter(ExtensionContext context, java.lang.reflect.Parameter parameter, Class<A> annotation,
                                                   BiFunction<Class<?>, A, AutoCloseable> make) {
        return context.getStore(ExtensionContext.Namespace.create(FixtureFields.class, annotation))
                .getOrComputeIfAbsent(parameter, p -> make.apply(parameter.getType(), parameter.getAnnotation(annotation)), AutoCloseable.class);
    }
}
