/*
 * Copyright 2026 The OnceOnly Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.onceonly.identity;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Masks personal identifiers so that logs and error messages never carry one in clear. */
public final class Masking {
    // 18-digit GB 11643 numbers (last may be X) and 15-digit first-generation numbers, standing alone.
    private static final Pattern IDENTITY_NUMBER = Pattern.compile("(?<![0-9A-Za-z])(\\d{17}[0-9Xx]|\\d{15})(?![0-9A-Za-z])");

    private Masking() {}

    /** Keeps the first three and last two characters: enough to tell two records apart in a log. */
    public static String mask(String value) {
        if (value == null) {
            return "null";
        }
        int length = value.length();
        if (length <= 5) {
            return "*".repeat(length);
        }
        return value.substring(0, 3) + "*".repeat(length - 5) + value.substring(length - 2);
    }

    /** Masks every identity-number-shaped token in free text (log lines, database error messages). */
    public static String maskIdentityNumbers(String text) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        Matcher matcher = IDENTITY_NUMBER.matcher(text);
        if (!matcher.find()) {
            return text;
        }
        StringBuilder out = new StringBuilder();
        do {
            matcher.appendReplacement(out, Matcher.quoteReplacement(mask(matcher.group())));
        } while (matcher.find());
        matcher.appendTail(out);
        return out.toString();
    }
}
