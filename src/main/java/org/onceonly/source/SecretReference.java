/*
 * Copyright 2026 The OnceOnly Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.onceonly.source;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A reference to a secret, never the secret itself: {@code ${env:NAME}} or {@code ${file:PATH}}.
 * Relative file paths resolve against the hub's working directory.
 */
public record SecretReference(String kind, String name) {
    private static final Pattern REFERENCE = Pattern.compile("\\$\\{(env|file):([^}]+)}");

    /** Parses a reference; a literal value is refused with a message that says how to reference one. */
    public static SecretReference parse(String field, String text) {
        Matcher matcher = text == null ? null : REFERENCE.matcher(text.strip());
        if (matcher == null || !matcher.matches()) {
            throw new IllegalArgumentException(field + " must be a reference such as ${env:HUKOU_DB_PASSWORD} or "
                    + "${file:/run/secrets/hukou-db-password}, not a literal secret: secrets stay out of config files");
        }
        return new SecretReference(matcher.group(1), matcher.group(2));
    }

    public String resolve() {
        return resolve(System::getenv);
    }

    String resolve(Function<String, String> environment) {
        if (kind.equals("env")) {
            String value = environment.apply(name);
            if (value == null) {
                throw new IllegalStateException("environment variable " + name + " is not set (referenced as " + this + ")");
            }
            return value;
        }
        try {
            return Files.readString(Path.of(name)).strip();
        } catch (IOException e) {
            throw new IllegalStateException("cannot read secret file " + name + ": " + e.getClass().getSimpleName());
        }
    }

    /** Whether a file reference has a {@code ..} segment: it would reach outside the folder it seems to name. */
    public boolean climbsOut() {
        return kind.equals("file") && java.util.Arrays.asList(name.split("[/\\\\]+")).contains("..");
    }

    /** How an operator provides the secret this reference names (never the secret itself). */
    public String howToProvide() {
        return kind.equals("env")
                ? "set the environment variable " + name + " to the password where the hub runs (and where onceonly source check runs)"
                : "write the password into " + name + " (readable by the hub's user only)";
    }

    public static SecretReference ofEnv(String name) {
        return new SecretReference("env", name);
    }

    @Override
    public String toString() {
        return "${" + kind + ":" + name + "}";
    }

}
