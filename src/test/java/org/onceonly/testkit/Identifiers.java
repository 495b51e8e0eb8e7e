/*
 * Copyright 2026 The OnceOnly Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.onceonly.testkit;

import org.onceonly.identity.CitizenId;
import org.onceonly.identity.CreditCode;

/** Identifiers with a property tests need, computed by the standards' own check rules. */
public final class Identifiers {
    private Identifiers() {}

    /**
     * A valid unified social credit code made of digits only (both check characters happen to be digits), that
     * is no valid identity number: it has a citizen number's shape and must still read as a credit code.
     */
    public static String allDigitCreditCode() {
        for (long n = 0; n < 1_000_000; n++) {
            String first8 = String.format("%08d", n);
            char organisationCheck = CreditCode.organisationCheckCharacter(first8);
            if (!Character.isDigit(organisationCheck)) {
                continue;
            }
            String first17 = "91110105" + first8 + organisationCheck;
            char check = CreditCode.checkCharacter(first17);
            if (Character.isDigit(check) && !CitizenId.isValid(first17 + check)) {
                return first17 + check;
            }
        }
        throw new AssertionError("no all-digit credit code found");
    }
}
