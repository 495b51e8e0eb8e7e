/*
 * Copyright 2026 The OnceOnly Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.onceonly.testkit;

import java.util.List;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Puts a department fixture into every field and parameter annotated {@link Department}: static fields
 * before all tests of the class, instance fields before each test, parameters for their method; JUnit
 * closes each when its scope ends. A {@link HubExtension} asks for the class's departments through
 * {@link #departments}, whichever extension runs first.
 */
public final class DepartmentExtension implements BeforeAllCallback, BeforeEachCallback, ParameterResolver {
    @Override
    public void beforeAll(ExtensionContext context) {
        departments(context, true);
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        departments(context, false);
    }

    /** The fixtures of the {@link Department} fields in scope (static ones for a class), made first where needed. */
    static List<Object> departments(ExtensionContext context, boolean statics) {
        return FixtureFields.fill(context, statics, Department.class, (type, department) -> make(context, type, department));
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.isAnnotated(Department.class);
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return FixtureFields.parameter(context, parameter.getParameter(), Department.class,
                (type, department) -> make(context, type, department));
    }

    private static AutoCloseable make(ExtensionContext context, Class<?> type, Department department) {
        TestPostgres server = TestPostgres.shared(context);
        if (type == TestDepartment.class) {
            return department.privateServer() ? TestDepartment.householdRegisterOnPrivateServer(department.residents())
                    : TestDepartment.householdRegister(server, department.residents());
        }
        if (type == TestDemoDepartments.class && !department.privateServer()) {
            return TestDemoDepartments.start(server, department.residents());
        }
        throw new IllegalArgumentException("@Department fills a TestDepartment or (not on a private server) TestDemoDepartments, not "
                + type.getName());
    }
}
