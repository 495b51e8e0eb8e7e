/*
 * Copyright 2026 The OnceOnly Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.onceonly.testkit;

import java.nio.file.Path;

/** A department fixture whose connector files a hub loads to capture it. */
public interface DepartmentConnectors {
    /** The folder of its connector files. */
    Path connectors();
}
