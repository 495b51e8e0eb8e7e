/*
 * Copyright 2026 The OnceOnly Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.onceonly.identity;

import java.util.Objects;

/**
 * A unified social credit code (统一社会信用代码) per GB 32100-2015: registration authority (position 1),
 * organisation type (2), administrative division code (3-8), organisation code per GB 11714 with its own
 * check character (9-17) and a MOD 31 check character (18). Letters I, O, S, V and Z never occur, so a
 * code read aloud or typed from paper cannot be confused with 1, 0, 5, U and 2.
 *
 * <p>Credit codes identify organisations, not people, so they are not masked.
 */
public record CreditCode(String value) {
    /** The GB 32100 character set; a character's value is its index here. */
    static final String CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY";
    // 3^i mod 31 for i = 0..16.
    private static final int[] WEIGHTS = {1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28};
    // GB 11714: 2^(9-i) mod 11 for i = 1..8.
    private static final int[] ORGANISATION_WEIGHTS = {3, 7, 9, 10, 5, 8, 4, 2};

    public CreditCode {
        Objects.requireNonNull(value, "value");
    }

    /**
     * Normalises ({@link SubjectKey#canonical}: NFKC, any Unicode space around it dropped; upper-cases) and
     * validates length, character set, division digits and both check
     * characters.
     *
     * @throws InvalidIdentifierException naming the rule that failed
     */
    public static CreditCode parse(String raw) {
        if (raw == null || raw.isBlank()) {
            throw new InvalidIdentifierException("<empty>", "credit code is empty");
        }
        String candidate = SubjectKey.identifierText(raw);
        if (candidate.isEmpty()) {
            throw new InvalidIdentifierException("<empty>", "credit code is empty");
        }
        // Not personal data, but a citizen identity number typed into the wrong column must not reach a log.
        String shown = Masking.maskIdentityNumbers(candidate);
        if (candidate.length() != 18) {
            throw new InvalidIdentifierException(shown, "credit code must have 18 characters, found " + candidate.length());
        }
        for (int i = 0; i < 18; i++) {
            if (CHARSET.indexOf(candidate.charAt(i)) < 0) {
                throw new InvalidIdentifierException(shown, "character at position " + (i + 1)
                        + " is not in the GB 32100 character set (digits and " + CHARSET.substring(10) + ")");
            }
        }
        for (int i = 2; i < 8; i++) {
            if (!Character.isDigit(candidate.charAt(i))) {
                throw new InvalidIdentifierException(shown, "administrative division code (positions 3-8) must be 6 digits");
            }
        }
        if (candidate.charAt(16) != organisationCheckCharacter(candidate.substring(8, 16))) {
            throw new InvalidIdentifierException(shown, "organisation code check character (position 17) does not match (GB 11714)");
        }
        if (candidate.charAt(17) != checkCharacter(candidate.substring(0, 17))) {
            throw new InvalidIdentifierException(shown, "check character (position 18) does not match (GB 32100 MOD 31)");
        }
        return new CreditCode(candidate);
    }

    /** True when {@link #parse} would accept the value. */
    public static boolean isValid(String raw) {
        try {
            parse(raw);
            return true;
        } catch (InvalidIdentifierException e) {
            return false;
        }
    }

    /** The GB 32100 check character (position 18) for the first 17 characters. */
    public static char checkCharacter(String first17) {
        if (first17 == null || first17.length() != 17) {
            throw new IllegalArgumentException("need exactly 17 characters");
        }
        int sum = 0;
        for (int i = 0; i < 17; i++) {
            int value = CHARSET.indexOf(first17.charAt(i));
            if (value < 0) {
                throw new IllegalArgumentException("character at position " + (i + 1) + " is not in the GB 32100 character set");
            }
            sum += value * WEIGHTS[i];
        }
        return CHARSET.charAt((31 - sum % 31) % 31);
    }

    /**
     * The GB 11714 check character of an organisation code (position 17 of a credit code) for its first
     * 8 characters. Letters count as in GB 11714 (A = 10 … Z = 35), not by their GB 32100 index.
     */
    public static char organisationCheckCharacter(String first8) {
        if (first8 == null || first8.length() != 8) {
            throw new IllegalArgumentException("need exactly 8 characters");
        }
        int sum = 0;
        for (int i = 0; i < 8; i++) {
            char c = first8.charAt(i);
            int value = c >= '0' && c <= '9' ? c - '0' : c >= 'A' && c <= 'Z' ? c - 'A' + 10 : -1;
            if (value < 0) {
                throw new IllegalArgumentException("character at position " + (i + 1) + " is not a digit or capital letter");
            }
            sum += value * ORGANISATION_WEIGHTS[i];
        }
        int check = 11 - sum % 11;
        return check == 10 ? 'X' : check == 11 ? '0' : (char) ('0' + check);
    }

    /** Position 1: the authority that registered the organisation (e.g. 9 market regulation, 5 civil affairs). */
    public String registrationAuthority() {
        return value.substring(0, 1);
    }

    /** Position 2: the organisation type within its registration authority (e.g. 91 a company). */
    public String organisationType() {
        return value.substring(1, 2);
    }

    /** Positions 3-8: the GB/T 2260 administrative division where the organisation was registered. */
    public String divisionCode() {
        return value.substring(2, 8);
    }

    /** Positions 9-17: the GB 11714 organisation code, its check character included. */
    public String organisationCode() {
        return value.substring(8, 17);
    }

    @Override
    public String toString() {
        return value;
    }
}
