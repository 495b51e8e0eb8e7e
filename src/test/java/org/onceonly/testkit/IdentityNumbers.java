/*
 * Copyright 2026 The OnceOnly Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.onceonly.testkit;

import org.onceonly.identity.CitizenId;

/** Identity numbers (GB 11643) for residents a test makes up: valid ones, and ones that fail the checksum. */
public final class IdentityNumbers {
    private IdentityNumbers() {}

    /** A valid number from a region code, a yyyyMMdd birth date and a three-digit sequence number. */
    public static String valid(String region, String birth, int sequence) {
        String first17 = region + birth + String.format("%03d", sequence);
        return first17 + CitizenId.checkCharacter(first17);
    }

    /** The same number with a check character that does not match. */
    public static String withWrongCheckCharacter(String valid) {
        return valid.substring(0, 17) + (valid.charAt(17) == '1' ? '2' : '1');
    }
}
