/*
 * Copyright 2026 The OnceOnly Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.onceonly.identity;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.Objects;

/**
 * A citizen identity number per GB 11643-1999: six-digit administrative division code, eight-digit birth
 * date, three-digit sequence (odd for men, even for women) and an ISO 7064 MOD 11-2 check character.
 * First-generation 15-digit numbers (two-digit birth year, no check character) are upgraded to 18 digits.
 *
 * <p>{@link #toString()} is masked, so an instance can be logged safely; {@link #value()} is the clear
 * value for storage and lookups.
 */
public record CitizenId(String value) {
    private static final int[] WEIGHTS = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
    private static final char[] CHECK_CHARACTERS = {'1', '0', 'X', '9', '8', '7', '6', '5', '4', '3', '2'};
    // Holders of first-generation numbers were all born in the 1900s (issued 1984-2004, born before 2000).
    private static final String FIRST_GENERATION_CENTURY = "19";
    private static final LocalDate EARLIEST_BIRTH = LocalDate.of(1850, 1, 1);

    public CitizenId {
        Objects.requireNonNull(value, "value");
    }

    /**
     * Normalises ({@link SubjectKey#canonical}: NFKC, any Unicode space around it dropped; upper-cases the check
     * character; upgrades 15 digits to 18) and validates.
     *
     * @throws InvalidIdentifierException naming the rule that failed, with the value masked
     */
    public static CitizenId parse(String raw) {
        if (raw == null || raw.isBlank()) {
            throw new InvalidIdentifierException("<empty>", "identity number is empty");
        }
        String candidate = SubjectKey.identifierText(raw);
        if (candidate.isEmpty()) {
            throw new InvalidIdentifierException("<empty>", "identity number is empty");
        }
        String masked = Masking.mask(candidate);
        if (candidate.length() == 15) {
            if (!allDigits(candidate, 15)) {
                throw new InvalidIdentifierException(masked, "15-digit identity number must contain only digits");
            }
            String body = candidate.substring(0, 6) + FIRST_GENERATION_CENTURY + candidate.substring(6);
            candidate = body + checkCharacter(body);
        } else if (candidate.length() != 18) {
            throw new InvalidIdentifierException(masked,
                    "identity number must have 18 characters (or 15 for a first-generation number), found " + candidate.length());
        }
        if (!allDigits(candidate, 17)) {
            throw new InvalidIdentifierException(masked, "identity number must have 17 digits before the check character");
        }
        if (candidate.charAt(0) == '0') {
            throw new InvalidIdentifierException(masked, "identity number's administrative division code must not start with 0");
        }
        LocalDate birth = birthDateOf(candidate, masked);
        if (birth.isBefore(EARLIEST_BIRTH) || birth.isAfter(LocalDate.now())) {
            throw new InvalidIdentifierException(masked, "birth date is out of range");
        }
        char expected = checkCharacter(candidate.substring(0, 17));
        if (candidate.charAt(17) != expected) {
            throw new InvalidIdentifierException(masked, "check character does not match (GB 11643 MOD 11-2)");
        }
        return new CitizenId(candidate);
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

    /** The MOD 11-2 check character for the first 17 digits. */
    public static char checkCharacter(String first17Digits) {
        if (first17Digits.length() != 17 || !allDigits(first17Digits, 17)) {
            throw new IllegalArgumentException("need exactly 17 digits");
        }
        int sum = 0;
        for (int i = 0; i < 17; i++) {
            sum += (first17Digits.charAt(i) - '0') * WEIGHTS[i];
        }
        return CHECK_CHARACTERS[sum % 11];
    }

    public String regionCode() {
        return value.substring(0, 6);
    }

    public LocalDate birthDate() {
        return birthDateOf(value, masked());
    }

    /** GB/T 2261.1 gender code implied by the sequence: 1 male, 2 female. */
    public String genderCode() {
        return (value.charAt(16) - '0') % 2 == 1 ? "1" : "2";
    }

    public String masked() {
        return Masking.mask(value);
    }

    @Override
    public String toString() {
        return masked();
    }

    private static LocalDate birthDateOf(String eighteen, String masked) {
        try {
            return LocalDate.of(Integer.parseInt(eighteen.substring(6, 10)),
                    Integer.parseInt(eighteen.substring(10, 12)),
                    Integer.parseInt(eighteen.substring(12, 14)));
        } catch (DateTimeException e) {
            throw new InvalidIdentifierException(masked, "birth date is not a real date");
        }
    }

    private static boolean allDigits(String s, int count) {
        for (int i = 0; i < count; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }
}
