package org.onceonly.api;

import org.onceonly.identity.CitizenId;
import org.onceonly.identity.CreditCode;
import org.onceonly.identity.InvalidIdentifierException;
import org.onceonly.schema.CanonicalSchema;

/** Subject keys given by a client, validated before they reach the pool; refusals never echo the key. */
public final class SubjectKeys {
    private static final String CITIZEN_ID = "\\d{15}|\\d{17}[0-9Xx]";
    private static final String OTHER_KEY = "[A-Za-z0-9][A-Za-z0-9._-]{0,63}";

    private SubjectKeys() {}

    /**
     * A person or an organisation, as materials and certificates name them: a citizen identity number
     * (GB 11643, a 15-digit one upgraded) or a unified social credit code (GB 32100).
     */
    public static String party(String name, String raw) {
        String key = raw == null ? "" : raw.strip();
        if (key.isEmpty()) {
            throw Refusal.badRequest("invalid_subject", name + " is missing: a citizen identity number or a unified social credit code");
        }
        try {
            if (key.matches(CITIZEN_ID)) {
                try {
                    return CitizenId.parse(key).value();
                } catch (InvalidIdentifierException notACitizen) {
                    // Eighteen digits may also be a credit code; refuse with the identity number's reason if not.
                    if (key.length() == 18 && CreditCode.isValid(key)) {
                        return CreditCode.parse(key).value();
                    }
                    throw notACitizen;
                }
            }
            if (key.length() == 18) {
                return CreditCode.parse(key).value();
            }
        } catch (InvalidIdentifierException e) {
            throw Refusal.badRequest("invalid_subject", name + ": " + e.reason());
        }
        throw Refusal.badRequest("invalid_subject", name + " must be a citizen identity number (GB 11643, 18 characters) "
                + "or a unified social credit code (GB 32100, 18 characters)");
    }

    /** A record's own key, by the entity's identifier rule when it has one, else 1–64 letters, digits, '.', '_', '-'. */
    public static String record(String name, CanonicalSchema schema, String raw) {
        try {
            if (schema.subjectIdentifier() != null) {
                return schema.normaliseSubject(raw);
            }
        } catch (InvalidIdentifierException e) {
            throw Refusal.badRequest("invalid_subject", name + ": " + e.reason());
        }
        String key = raw == null ? "" : raw.strip();
        if (!key.matches(OTHER_KEY)) {
            throw Refusal.badRequest("invalid_subject", name + " must be 1 to 64 letters, digits, '.', '_' or '-'");
        }
        return key;
    }
}
