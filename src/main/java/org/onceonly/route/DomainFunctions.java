/*
 * Copyright 2026 The OnceOnly Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.onceonly.route;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.UnaryOperator;
import net.thisptr.jackson.jq.Expression;
import net.thisptr.jackson.jq.Function;
import net.thisptr.jackson.jq.PathOutput;
import net.thisptr.jackson.jq.Scope;
import net.thisptr.jackson.jq.Version;
import net.thisptr.jackson.jq.exception.JsonQueryException;
import net.thisptr.jackson.jq.path.Path;
import org.onceonly.identity.CitizenId;
import org.onceonly.identity.CodeTable;
import org.onceonly.identity.CodeTables;
import org.onceonly.identity.CreditCode;
import org.onceonly.identity.InvalidCodeException;
import org.onceonly.identity.InvalidIdentifierException;
import org.onceonly.identity.Masking;
import org.onceonly.schema.BoundedCache;

/**
 * The hub's domain functions for jq mappings in routes (bound in Camel's registry as {@code name/arity},
 * which is how camel-jq finds jq functions). Each passes null and empty text through as null, so a partial
 * row image maps without error; a value that breaks its rule fails the mapping, naming the function and
 * the rule, and the change goes to quarantine. Messages never carry an identity number in clear.
 * <ul>
 *   <li>{@code citizen_id}: GB 11643 identity number, normalised to 18 characters (15-digit upgraded);</li>
 *   <li>{@code date("yyyyMMdd")}: a department's date text to ISO {@code yyyy-MM-dd};</li>
 *   <li>{@code credit_code}: GB 32100 unified social credit code, trimmed and upper-cased;</li>
 *   <li>{@code code("gender")}: a code of one of the {@link CodeTables}, as text in the table's form;</li>
 *   <li>{@code code_name("gender")}: the name of such a code;</li>
 *   <li>{@code code_of("gender")}: the code of a name.</li>
 * </ul>
 */
public final class DomainFunctions {
    private DomainFunctions() {}

    public static Map<String, Function> all() {
        CodeTables.all(); // load now: a malformed table file stops the hub at start, not at the first row
        return Map.of("citizen_id/0", new IdentifierFunction("citizen_id", raw -> CitizenId.parse(raw).value()), "date/1", new DateFunction(),
                "credit_code/0", new IdentifierFunction("credit_code", raw -> CreditCode.parse(raw).value()),
                "code/1", new CodeFunction(), "code_name/1", new CodeNameFunction(), "code_of/1", new CodeOfFunction());
    }

    private static boolean isAbsent(JsonNode in) {
        return in == null || in.isNull() || (in.isTextual() && in.asText().isBlank());
    }

    // Every failure message goes through here: a value in the wrong column may be an identity number.
    private static JsonQueryException failure(String function, String rule) {
        return new JsonQueryException(function + ": " + Masking.maskIdentityNumbers(rule));
    }

    /** An identifier function: normalises by the identifier's rule, or fails the mapping naming the rule. */
    static final class IdentifierFunction implements Function {
        private final String name;
        private final UnaryOperator<String> normalise;

        IdentifierFunction(String name, UnaryOperator<String> normalise) {
            this.name = name;
            this.normalise = normalise;
        }

        @Override
        public void apply(Scope scope, List<Expression> args, JsonNode in, Path path, PathOutput output, Version version)
                throws JsonQueryException {
            if (isAbsent(in)) {
                output.emit(NullNode.getInstance(), null);
                return;
            }
            try {
                output.emit(TextNode.valueOf(normalise.apply(in.asText())), null);
            } catch (InvalidIdentifierException e) {
                throw failure(name, e.getMessage());
            }
        }
    }

    static final class DateFunction implements Function {
        @Override
        public void apply(Scope scope, List<Expression> args, JsonNode in, Path path, PathOutput output, Version version)
                throws JsonQueryException {
            args.get(0).apply(scope, in, pattern -> {
                if (isAbsent(in)) {
                    output.emit(NullNode.getInstance(), null);
                    return;
                }
                output.emit(TextNode.valueOf(parse(in.asText().strip(), pattern.asText()).toString()), null);
            });
        }

        /**
         * Formatters by pattern: a route names a few, and building one per row cost more than the parse. At most
         * 256 are kept (patterns computed from data, say).
         */
        private static final BoundedCache<String, DateTimeFormatter> FORMATTERS = new BoundedCache<>(256);

        static LocalDate parse(String text, String pattern) throws JsonQueryException {
            DateTimeFormatter formatter;
            try {
                formatter = FORMATTERS.get(pattern, DateFunction::formatter);
            } catch (IllegalArgumentException e) {
                throw failure("date", "'" + pattern + "' is not a date pattern: " + e.getMessage());
            }
            try {
                return LocalDate.parse(text, formatter);
            } catch (DateTimeParseException e) {
                throw failure("date", "text of length " + text.length() + " is not a real date in the form " + pattern);
            }
        }

        private static DateTimeFormatter formatter(String pattern) {
            // STRICT rejects 2023-02-30; it needs 'u' (proleptic year) where people write 'y'.
            return new DateTimeFormatterBuilder().appendPattern(pattern.replace('y', 'u')).toFormatter()
                    .withResolverStyle(ResolverStyle.STRICT);
        }
    }

    /** The three code-table functions: the argument names the table, checked even when the input is null. */
    abstract static class CodeTableFunction implements Function {
        private final String name;

        CodeTableFunction(String name) {
            this.name = name;
        }

        @Override
        public void apply(Scope scope, List<Expression> args, JsonNode in, Path path, PathOutput output, Version version)
                throws JsonQueryException {
            args.get(0).apply(scope, in, tableId -> {
                if (!tableId.isTextual()) {
                    throw failure(name, "the table id must be text, e.g. " + name + "(\"" + CodeTables.GENDER + "\")");
                }
                CodeTable table;
                try {
                    table = CodeTables.require(tableId.asText());
                } catch (IllegalArgumentException e) {
                    throw failure(name, e.getMessage());
                }
                output.emit(isAbsent(in) ? NullNode.getInstance() : TextNode.valueOf(map(table, in)), null);
            });
        }

        abstract String map(CodeTable table, JsonNode in) throws JsonQueryException;

        /** The input as a code of the table: text or a number (departments keep codes in numeric columns too). */
        String code(CodeTable table, JsonNode in) throws JsonQueryException {
            String text;
            if (in.isTextual() || in.isIntegralNumber()) {
                text = in.asText();
            } else if (in.isNumber()) {
                text = in.decimalValue().stripTrailingZeros().toPlainString(); // 1.0 from a decimal column is 1
            } else {
                throw failure(name, "a code must be text or a number, found " + in.getNodeType().name().toLowerCase(Locale.ROOT));
            }
            String code = table.normalise(text);
            try {
                table.require(code);
            } catch (InvalidCodeException e) {
                throw failure(name, e.getMessage());
            }
            return code;
        }

        String name() {
            return name;
        }
    }

    static final class CodeFunction extends CodeTableFunction {
        CodeFunction() {
            super("code");
        }

        @Override
        String map(CodeTable table, JsonNode in) throws JsonQueryException {
            return code(table, in);
        }
    }

    static final class CodeNameFunction extends CodeTableFunction {
        CodeNameFunction() {
            super("code_name");
        }

        @Override
        String map(CodeTable table, JsonNode in) throws JsonQueryException {
            return table.require(code(table, in));
        }
    }

    static final class CodeOfFunction extends CodeTableFunction {
        CodeOfFunction() {
            super("code_of");
        }

        @Override
        String map(CodeTable table, JsonNode in) throws JsonQueryException {
            if (!in.isTextual()) {
                throw failure(name(), "a name must be text, found " + in.getNodeType().name().toLowerCase(Locale.ROOT));
            }
            String name = in.asText().strip();
            List<String> codes = table.codesOf(name);
            if (codes.isEmpty()) {
                throw failure(name(), "'" + name + "' is not a name in " + table);
            }
            if (codes.size() > 1) {
                throw failure(name(), "'" + name + "' names " + codes.size() + " codes of " + table + " (" + String.join(", ", codes)
                        + "); map the code instead");
            }
            return codes.get(0);
        }
    }
}
