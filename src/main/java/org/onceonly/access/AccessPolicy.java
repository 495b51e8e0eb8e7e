/*
 * Copyright 2026 The OnceOnly Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.onceonly.access;

import org.onceonly.schema.BoundedCache;
import org.onceonly.schema.CanonicalSchema;
import org.onceonly.schema.Sensitivity;

/**
 * Decides, per field, what a client may read under a purpose — deny by default. The field's sharing class
 * rules: {@code unconditional} to any platform client reading under one of its granted purposes,
 * {@code conditional} only when that purpose's grant names the field, {@code none} never. High-sensitivity
 * fields are masked unless the grant unmasks them.
 */
public final class AccessPolicy {
    /** Every prefill asks the same few questions: a decision depends only on the grant, the schema and the field. */
    private static final BoundedCache<Question, FieldDecision> DECISIONS = new BoundedCache<>(4096);

    /** Grant and schema by identity (both are immutable; a reload makes new ones), the field by value. */
    private record Question(Grant grant, CanonicalSchema schema, String field) {
        @Override
        public boolean equals(Object other) {
            return other instanceof Question q && q.grant == grant && q.schema == schema && q.field.equals(field);
        }

        @Override
        public int hashCode() {
            return (31 * System.identityHashCode(grant) + System.identityHashCode(schema)) * 31 + field.hashCode();
        }
    }

    private AccessPolicy() {}

    /** The grant for the purpose the request names; refuses a missing or ungranted purpose. */
    public static Grant grantFor(Client client, String purpose) {
        if (purpose == null || purpose.isBlank()) {
            throw new AccessDenied("purpose_required",
                    "every request for personal data names its purpose (header X-Purpose or field 'purpose')");
        }
        return client.grant(purpose).orElseThrow(() -> new AccessDenied("purpose_not_granted",
                "client " + client.id() + " holds no grant for purpose '" + printable(purpose) + "'"));
    }

    /** The grant for the purpose, which must also give the capability. */
    public static Grant grantFor(Client client, String purpose, Capability capability) {
        Grant grant = grantFor(client, purpose);
        if (!grant.may(capability)) {
            throw new AccessDenied("capability_not_granted", "purpose '" + grant.purpose() + "' of client " + client.id()
                    + " does not allow " + capability.word());
        }
        return grant;
    }

    /** Refuses an administrator acting on a department it is not bound to (an operator acts on all). */
    public static void requireSteward(Client client, String department) {
        if (!client.stewards(department)) {
            throw new AccessDenied("department_not_stewarded", "client " + client.id() + " does not administer department '"
                    + printable(department) + "'; an administrator acts for its own departments, an operator for all");
        }
    }

    public static FieldDecision decide(Grant grant, CanonicalSchema schema, String field) {
        return DECISIONS.get(new Question(grant, schema, field), q -> decideAfresh(q.grant(), q.schema(), q.field()));
    }

    private static FieldDecision decideAfresh(Grant grant, CanonicalSchema schema, String field) {
        String entity = schema.entity();
        if (!schema.fieldNames().contains(field)) {
            return new FieldDecision(entity, field, FieldDecision.Verdict.DENY, entity + " has no field '" + printable(field) + "'");
        }
        switch (schema.sharing(field)) {
            case NONE:
                return new FieldDecision(entity, field, FieldDecision.Verdict.DENY,
                        entity + "." + field + " is never shared (sharing class none)");
            case CONDITIONAL:
                if (!grant.reads(entity, field)) {
                    return new FieldDecision(entity, field, FieldDecision.Verdict.DENY, entity + "." + field
                            + " is shared only under a purpose that grants it; purpose '" + grant.purpose() + "' does not");
                }
                break;
            case UNCONDITIONAL:
            default:
                break;
        }
        boolean masked = schema.sensitivity(field) == Sensitivity.HIGH && !grant.unmasks(entity, field);
        return new FieldDecision(entity, field, masked ? FieldDecision.Verdict.MASK : FieldDecision.Verdict.ALLOW,
                masked ? entity + "." + field + " is highly sensitive and masked; the grant does not unmask it" : null);
    }

    /** Echo only a harmless excerpt of caller-supplied text. */
    static String printable(String text) {
        String cleaned = text == null ? "" : text.replaceAll("[^\\p{L}\\p{N}._-]", "?");
        return cleaned.length() > 64 ? cleaned.substring(0, 64) + "..." : cleaned;
    }
}
