/*
 * Copyright 2026 The OnceOnly Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.onceonly.identity;

import java.text.Normalizer;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The one parser of subject keys, for every place a key arrives from outside (an API path, a request body,
 * a department's column through a route function): a citizen identity number (GB 11643), a unified social
 * credit code (GB 32100), or an entity's own record number. Text is first made canonical the way a person
 * would expect ({@link #canonical}): full-width digits and letters become ASCII (NFKC), any Unicode space
 * around the key is dropped, so that a key pasted from a word processor matches the one in the pool.
 *
 * @param kind  which rule the key satisfied
 * @param value the normalised key, as the pool stores it
 */
public record SubjectKey(Kind kind, String value) {
    /** What a key identifies, by the rule it satisfies. */
    public enum Kind {
        /** GB 11643: 18 characters (15-digit first-generation numbers are upgraded), upper-case check character. */
        CITIZEN_ID,
        /** GB 32100: 18 characters, upper-case; all-digit codes are codes too. */
        CREDIT_CODE,
        /** An entity's own number (a marriage registration, a certificate): 1–64 letters, digits, '.', '_', '-'. */
        RECORD_NUMBER
    }

    /** The identifier rule named by a schema field's {@code "identifier"} property. */
    public static final String CITIZEN_ID_RULE = "citizen-id";
    public static final String CREDIT_CODE_RULE = "credit-code";

    private static final Pattern RECORD_NUMBER = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    private static final Pattern CITIZEN_SHAPE = Pattern.compile("\\d{15}|\\d{17}[0-9X]");
    private static final String KEY_RULES = "a citizen identity number (GB 11643), a unified social credit code (GB 32100) "
            + "or a record number of 1 to 64 letters, digits, '.', '_' or '-'";

    /**
     * Key text as a person means it: NFKC (full-width {@code １１０...Ｘ} becomes {@code 110...X}, a no-break or
     * ideographic space becomes a space), then stripped of every Unicode space and of byte-order marks at
     * either end. Nothing inside the key is changed; null stays null.
     */
    public static String canonical(String raw) {
        if (raw == null) {
            return null;
        }
        String text = Normalizer.normalize(raw, Normalizer.Form.NFKC);
        int start = 0;
        int end = text.length();
        while (start < end && isSpace(text.charAt(start))) {
            start++;
        }
        while (end > start && isSpace(text.charAt(end - 1))) {
            end--;
        }
        return text.substring(start, end);
    }

    private static boolean isSpace(char c) {
        return Character.isWhitespace(c) || Character.isSpaceChar(c) || c == '\uFEFF' || c == '\u200B';
    }

    /** Upper-case canonical text: how both identifier standards write their letters. */
    static String identifierText(String raw) {
        String text = canonical(raw);
        return text == null ? null : text.toUpperCase(Locale.ROOT);
    }

    /**
     * A person or an organisation: a citizen identity number or a credit code, never a record number.
     *
     * @throws InvalidIdentifierException naming the rule that failed, the key masked
     */
    public static SubjectKey party(String raw) {
        SubjectKey key = any(raw);
        if (key.kind() == Kind.RECORD_NUMBER) {
            throw new InvalidIdentifierException(Masking.mask(key.value()),
                    "must be a citizen identity number (GB 11643, 18 characters) or a unified social credit code (GB 32100, 18 characters)");
        }
        return key;
    }

    /**
     * Any subject: a citizen identity number when it has that shape (digits, a check character) and is not a
     * valid credit code; a credit code when it is one (lower case accepted); else a record number.
     *
     * @throws InvalidIdentifierException naming the rule that failed, the key masked
     */
    public static SubjectKey any(String raw) {
        String text = canonical(raw);
        if (text == null || text.isEmpty()) {
            throw new InvalidIdentifierException("<empty>", "is missing: " + KEY_RULES);
        }
        String upper = text.toUpperCase(Locale.ROOT);
        if (upper.length() == 18 && CreditCode.isValid(upper)) {
            // All-digit codes have a citizen number's shape: a valid code is taken as a code unless it is a valid number too.
            return CitizenId.isValid(upper) ? new SubjectKey(Kind.CITIZEN_ID, upper) : new SubjectKey(Kind.CREDIT_CODE, upper);
        }
        if (CITIZEN_SHAPE.matcher(upper).matches()) {
            return new SubjectKey(Kind.CITIZEN_ID, CitizenId.parse(upper).value());
        }
        if (RECORD_NUMBER.matcher(text).matches()) {
            return new SubjectKey(Kind.RECORD_NUMBER, text);
        }
        throw new InvalidIdentifierException(Masking.mask(text), "must be " + KEY_RULES);
    }

    /**
     * A key by a field's identifier rule ({@value #CITIZEN_ID_RULE}, {@value #CREDIT_CODE_RULE}, or null for a
     * record number).
     *
     * @throws InvalidIdentifierException naming the rule that failed, the key masked
     */
    public static SubjectKey byRule(String raw, String identifierRule) {
        if (CITIZEN_ID_RULE.equals(identifierRule)) {
            return new SubjectKey(Kind.CITIZEN_ID, CitizenId.parse(raw).value());
        }
        if (CREDIT_CODE_RULE.equals(identifierRule)) {
            return new SubjectKey(Kind.CREDIT_CODE, CreditCode.parse(raw).value());
        }
        String text = canonical(raw);
        if (text == null || text.isEmpty()) {
            throw new InvalidIdentifierException("<empty>", "is missing");
        }
        if (!RECORD_NUMBER.matcher(text).matches()) {
            throw new InvalidIdentifierException(Masking.mask(text), "must be 1 to 64 letters, digits, '.', '_' or '-'");
        }
        return new SubjectKey(Kind.RECORD_NUMBER, text);
    }

    /** True when the key can be the own key of records whose subject field has {@code identifierRule}. */
    public boolean fits(String identifierRule) {
        return switch (kind) {
            case CITIZEN_ID -> CITIZEN_ID_RULE.equals(identifierRule)
                    // an all-digit credit code may also satisfy GB 11643: then it fits an organisation too
                    || CREDIT_CODE_RULE.equals(identifierRule) && CreditCode.isValid(value);
            case CREDIT_CODE -> CREDIT_CODE_RULE.equals(identifierRule);
            case RECORD_NUMBER -> identifierRule == null;
        };
    }

    /** Masked, like {@link CitizenId#toString()}: a key is personal data. */
    @Override
    public String toString() {
        return kind + ":" + Masking.mask(value);
    }
}
