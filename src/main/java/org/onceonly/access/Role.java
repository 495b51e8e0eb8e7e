package org.onceonly.access;

/** What a registered client is: a platform service reading for citizens, or an operator of the hub. */
public enum Role {
    /** A government platform service (a portal, a case-handling system): reads under granted purposes. */
    PLATFORM,
    /** An operator: the admin endpoints ({@code /v1/admin/...}, {@code /metrics}); no personal data by role alone. */
    ADMINISTRATOR
}
