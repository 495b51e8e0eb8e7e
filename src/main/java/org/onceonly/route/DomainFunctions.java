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
import java.util.Map;
import net.thisptr.jackson.jq.Expression;
import net.thisptr.jackson.jq.Function;
import net.thisptr.jackson.jq.PathOutput;
import net.thisptr.jackson.jq.Scope;
import net.thisptr.jackson.jq.Version;
import net.thisptr.jackson.jq.exception.JsonQueryException;
import net.thisptr.jackson.jq.path.Path;
import org.onceonly.identity.CitizenId;
import org.onceonly.identity.InvalidIdentifierException;

/**
 * The hub's domain functions for jq mappings in routes (bound in Camel's registry as {@code name/arity},
 * which is how camel-jq finds jq functions). Each passes null through, so a partial row image maps
 * without error; a value that breaks its rule fails the mapping and the change goes to quarantine.
 * <ul>
 *   <li>{@code citizen_id}: GB 11643 identity number, normalised to 18 characters (15-digit upgraded);</li>
 *   <li>{@code date("yyyyMMdd")}: a department's date text to ISO {@code yyyy-MM-dd}.</li>
 * </ul>
 */
public final class DomainFunctions {
    private DomainFunctions() {}

    public static Map<String, Function> all() {
        return Map.of("citizen_id/0", new CitizenIdFunction(), "date/1", new DateFunction());
    }

    static final class CitizenIdFunction implements Function {
        @Override
        public void apply(Scope scope, List<Expression> args, JsonNode in, Path path, PathOutput output, Version version)
                throws JsonQueryException {
            if (in == null || in.isNull()) {
                output.emit(NullNode.getInstance(), null);
                return;
            }
            try {
                output.emit(TextNode.valueOf(CitizenId.parse(in.asText()).value()), null);
            } catch (InvalidIdentifierException e) {
                throw new JsonQueryException("citizen_id: " + e.getMessage());
            }
        }
    }

    static final class DateFunction implements Function {
        @Override
        public void apply(Scope scope, List<Expression> args, JsonNode in, Path path, PathOutput output, Version version)
                throws JsonQueryException {
            args.get(0).apply(scope, in, pattern -> {
                if (in == null || in.isNull() || in.asText().isBlank()) {
                    output.emit(NullNode.getInstance(), null);
                    return;
                }
                output.emit(TextNode.valueOf(parse(in.asText().strip(), pattern.asText()).toString()), null);
            });
        }

        static LocalDate parse(String text, String pattern) throws JsonQueryException {
            DateTimeFormatter formatter;
            try {
                // STRICT rejects 2023-02-30; it needs 'u' (proleptic year) where people write 'y'.
                formatter = new DateTimeFormatterBuilder().appendPattern(pattern.replace('y', 'u')).toFormatter()
                        .withResolverStyle(ResolverStyle.STRICT);
            } catch (IllegalArgumentException e) {
                throw new JsonQueryException("date: '" + pattern + "' is not a date pattern: " + e.getMessage());
            }
            try {
                return LocalDate.parse(text, formatter);
            } catch (DateTimeParseException e) {
                throw new JsonQueryException("date: text of length " + text.length() + " is not a real date in the form " + pattern);
            }
        }
    }
}
