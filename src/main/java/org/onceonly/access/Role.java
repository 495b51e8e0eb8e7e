/*
 * Copyright 2026 The OnceOnly Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.onceonly.access;

/**
 * What a registered client is. An administrator or operator reaches the admin endpoints by role, and personal
 * data there only under a purpose granted to it, like any client.
 */
public enum Role {
    /** A government platform service (a portal, a case-handling system): reads under granted purposes. */
    PLATFORM,
    /**
     * A department's data steward or DBA: the admin endpoints ({@code /v1/admin/...}, {@code /metrics}),
     * resolving only the corrections, conflicts and quarantine of the departments it is bound to.
     */
    ADMINISTRATOR,
    /** The hub's operator: an administrator of every department — explicit, because it crosses them all. */
    OPERATOR
}
