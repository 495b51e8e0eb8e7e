/*
 * Copyright 2026 The OnceOnly Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.onceonly.demo;

import java.util.HashSet;
import java.util.Random;
import java.util.Set;

/**
 * Unified social credit codes (统一社会信用代码, GB 32100) for the demo's synthetic enterprises, with the
 * two check characters the standard requires:
 * <pre>
 *   9 1 110105 12345678 9 X
 *   │ │ │      │        │ └ 18: GB 32100 check character over positions 1–17
 *   │ │ │      │        └── 17: GB 11714 check character of the organisation code body
 *   │ │ │      └─────────── 9–16: organisation code body
 *   │ │ └────────────────── 3–8: division code of the registration authority (GB/T 2260)
 *   │ └──────────────────── 2: type (1 enterprise, 2 individual business, 3 farmers' co-operative)
 *   └────────────────────── 1: registration authority (9 market regulation, 工商)
 * </pre>
 * The generator draws organisation code bodies from digits only, whose values every reading of the
 * standards agrees on.
 */
public final class CreditCodes {
    /** The 31 characters a credit code may contain (no I, O, S, V, Z); a character's value is its index. */
    public static final String CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY";
    private static final int[] CREDIT_CODE_WEIGHTS = {1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28};
    private static final int[] ORGANISATION_CODE_WEIGHTS = {3, 7, 9, 10, 5, 8, 4, 2};
    /** GB 11714 character values: digits 0–9, then the Latin letters A–Z as 10–35. */
    private static final String ORGANISATION_CODE_CHARSET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";

    private final Random random;
    private final Set<String> issued = new HashSet<>();

    public CreditCodes(Random random) {
        this.random = random;
    }

    /**
     * A new valid code, unique within this generator.
     *
     * @param type '1' enterprise or '2' individual business (个体工商户)
     * @param divisionCode the 6-digit GB/T 2260 code of the registering authority
     */
    public String next(char type, String divisionCode) {
        if (!divisionCode.matches("\\d{6}")) {
            throw new IllegalArgumentException("division code must be 6 digits");
        }
        while (true) {
            StringBuilder body = new StringBuilder(8);
            for (int i = 0; i < 8; i++) {
                body.append((char) ('0' + random.nextInt(10)));
            }
            String first17 = "9" + type + divisionCode + body + organisationCheckCharacter(body.toString());
            String code = first17 + creditCodeCheckCharacter(first17);
            if (issued.add(code)) {
                return code;
            }
        }
    }

    /** GB 11714: the check character of an 8-character organisation code body (MOD 11; 10 is X, 11 is 0). */
    public static char organisationCheckCharacter(String body) {
        if (body.length() != 8) {
            throw new IllegalArgumentException("an organisation code body has 8 characters");
        }
        int sum = 0;
        for (int i = 0; i < 8; i++) {
            int value = ORGANISATION_CODE_CHARSET.indexOf(body.charAt(i));
            if (value < 0) {
                throw new IllegalArgumentException("character " + (i + 1) + " is not a digit or upper-case letter");
            }
            sum += value * ORGANISATION_CODE_WEIGHTS[i];
        }
        int check = 11 - sum % 11;
        return check == 10 ? 'X' : check == 11 ? '0' : (char) ('0' + check);
    }

    /** GB 32100: the 18th character of a credit code from its first 17 (MOD 31 over {@link #CHARSET}). */
    public static char creditCodeCheckCharacter(String first17) {
        if (first17.length() != 17) {
            throw new IllegalArgumentException("the check character is computed over 17 characters");
        }
        int sum = 0;
        for (int i = 0; i < 17; i++) {
            int value = CHARSET.indexOf(first17.charAt(i));
            if (value < 0) {
                throw new IllegalArgumentException("character " + (i + 1) + " is not in the credit code character set");
            }
            sum += value * CREDIT_CODE_WEIGHTS[i];
        }
        return CHARSET.charAt((31 - sum % 31) % 31);
    }

    /** Whether {@code code} is 18 characters of the set whose organisation code and final check characters both hold. */
    public static boolean isValid(String code) {
        if (code == null || code.length() != 18) {
            return false;
        }
        for (int i = 0; i < 18; i++) {
            if (CHARSET.indexOf(code.charAt(i)) < 0) {
                return false;
            }
        }
        return organisationCheckCharacter(code.substring(8, 16)) == code.charAt(16)
                && creditCodeCheckCharacter(code.substring(0, 17)) == code.charAt(17);
    }
}
