/*
 * Copyright 2026 The OnceOnly Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.onceonly.api;

import java.util.function.Supplier;
import org.onceonly.identity.InvalidIdentifierException;
import org.onceonly.identity.SubjectKey;
import org.onceonly.schema.CanonicalSchema;

/**
 * Subject keys as the API takes them, through the identity kernel's one parser ({@link SubjectKey}): a
 * key that breaks its rule is a 400 {@code invalid_subject} naming where it came from and the rule, never
 * echoing the key.
 */
public final class SubjectKeys {
    private SubjectKeys() {}

    /** A person or an organisation: a citizen identity number or a unified social credit code. */
    public static String party(String what, String raw) {
        return parse(what, () -> SubjectKey.party(raw)).value();
    }

    /** Any subject: a person, an organisation, or a record by its own number. */
    public static SubjectKey any(String what, String raw) {
        return parse(what, () -> SubjectKey.any(raw));
    }

    /** A record's own key, by the entity's identifier rule. */
    public static String record(String what, CanonicalSchema schema, String raw) {
        return parse(what, () -> SubjectKey.byRule(raw, schema.subjectIdentifier())).value();
    }

    private static SubjectKey parse(String what, Supplier<SubjectKey> parser) {
        try {
            return parser.get();
        } catch (InvalidIdentifierException e) {
            throw Refusal.badRequest("invalid_subject", what + ": " + e.reason());
        }
    }
}
