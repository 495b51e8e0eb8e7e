/*
 * Copyright 2026 The OnceOnly Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.onceonly.hub;

import java.util.regex.Pattern;
import org.onceonly.identity.Masking;

/**
 * What no log line may carry in clear: identity numbers, and the values of anything named like a secret
 * (Debezium and Kafka print their whole configuration, passwords included, when they fail).
 */
final class LogRedaction {
    private static final Pattern SECRET_SETTING = Pattern.compile(
            "((?:password|passwd|secret|token|credential)[A-Za-z0-9_.\\-]*\\s*[=:]\\s*)([^,}\\s]+)", Pattern.CASE_INSENSITIVE);

    private LogRedaction() {}

    static String redact(String text) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        return SECRET_SETTING.matcher(Masking.maskIdentityNumbers(text)).replaceAll("$1******");
    }
}
