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
 * A seeded department database for a test: on a static field, one for the test class; on an instance field
 * or a test method's parameter, one per test. The field's type says which: {@link TestDepartment} (the
 * household register) or {@link TestDemoDepartments} (all the demo's departments). Each is closed (its
 * databases dropped) when its scope ends. A {@link HubExtension} of the class captures it.
 *
 * <pre>
 * &#64;Department(residents = 100)
 * static TestDepartment department;
 * </pre>
 */
@Target({ElementType.FIELD, ElementType.PARAMETER})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@ExtendWith(DepartmentExtension.class)
public @interface Department {
    /** Residents to seed: the first of the demo's synthetic population (same seed, same people). */
    int residents() default 100;

    /** A server of the department's own, which the test may stop, start and reconfigure (household register only). */
    boolean privateServer() default false;
}
