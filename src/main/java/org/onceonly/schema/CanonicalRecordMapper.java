/*
 * Copyright 2026 The OnceOnly Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.onceonly.schema;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.avro.LogicalType;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.onceonly.identity.CitizenId;
import org.onceonly.identity.CodeTable;
import org.onceonly.identity.CodeTables;
import org.onceonly.identity.CreditCode;
import org.onceonly.identity.InvalidCodeException;
import org.onceonly.identity.InvalidIdentifierException;

/**
 * Turns a route's output (a JSON object whose keys are canonical field names) into an Avro record of the
 * entity's current schema, collecting every field-level violation rather than stopping at the first.
 * Fields marked {@code "identifier": "citizen-id"} are validated and normalised per GB 11643, those marked
 * {@code "credit-code"} per GB 32100, and those with a {@code "codeTable"} against that national code table.
 */
public final class CanonicalRecordMapper {
    private CanonicalRecordMapper() {}

    public static GenericRecord toRecord(CanonicalSchema schema, JsonNode body) {
        List<FieldViolation> violations = new ArrayList<>();
        if (body == null || !body.isObject()) {
            violations.add(new FieldViolation("(body)", "expected a JSON object of canonical fields, found "
                    + (body == null ? "nothing" : body.getNodeType().name().toLowerCase())));
            throw new CanonicalRecordException(schema.entity(), violations);
        }
        Schema avro = schema.avro();
        for (Iterator<String> names = body.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (avro.getField(name) == null) {
                violations.add(new FieldViolation(name, "is not a field of " + schema.entity()
                        + " (fields: " + String.join(", ", schema.fieldNames()) + ")"));
            }
        }
        GenericRecord record = toRecord(avro, body, "", violations);
        if (!violations.isEmpty()) {
            throw new CanonicalRecordException(schema.entity(), violations);
        }
        return record;
    }

    private static GenericRecord toRecord(Schema avro, JsonNode body, String path, List<FieldViolation> violations) {
        GenericRecord record = new GenericData.Record(avro);
        for (Schema.Field field : avro.getFields()) {
            String fieldPath = path + field.name();
            try {
                record.put(field.pos(), convertField(field, body.get(field.name()), fieldPath, violations));
            } catch (FieldException e) {
                violations.add(new FieldViolation(fieldPath, e.getMessage()));
            } catch (InvalidIdentifierException e) {
                violations.add(new FieldViolation(fieldPath, e.reason()));
            } catch (InvalidCodeException e) {
                violations.add(new FieldViolation(fieldPath, e.getMessage()));
            }
        }
        return record;
    }

    private static Object convertField(Schema.Field field, JsonNode value, String path, List<FieldViolation> violations) {
        Schema type = field.schema();
        boolean nullable = type.isNullable();
        if (value == null || value.isNull() || (value.isTextual() && value.asText().isBlank() && nullable)) {
            if (nullable) {
                return null;
            }
            if (field.hasDefaultValue()) {
                return GenericData.get().getDefaultValue(field);
            }
            throw new FieldException("is required but missing");
        }
        Schema valueType = nullable ? nonNullBranch(type) : type;
        Object converted = convert(valueType, value, path, violations);
        Object identifier = field.getObjectProp("identifier");
        if ("citizen-id".equals(identifier)) {
            return CitizenId.parse(converted.toString()).value();
        }
        if ("credit-code".equals(identifier)) {
            return CreditCode.parse(converted.toString()).value();
        }
        if (field.getObjectProp("codeTable") instanceof String tableId) {
            CodeTable table = CodeTables.require(tableId);
            String code = table.normalise(converted.toString());
            table.require(code);
            return code;
        }
        return converted;
    }

    private static Schema nonNullBranch(Schema union) {
        if (union.getType() != Schema.Type.UNION) {
            return union;
        }
        for (Schema branch : union.getTypes()) {
            if (branch.getType() != Schema.Type.NULL) {
                return branch;
            }
        }
        throw new FieldException("has no non-null type");
    }

    private static Object convert(Schema type, JsonNode value, String path, List<FieldViolation> violations) {
        LogicalType logical = type.getLogicalType();
        if (logical instanceof LogicalTypes.Date) {
            return toDate(value);
        }
        if (logical instanceof LogicalTypes.TimestampMillis || logical instanceof LogicalTypes.TimestampMicros) {
            return toInstant(value);
        }
        switch (type.getType()) {
            case STRING:
                if (value.isContainerNode()) {
                    throw new FieldException("expected text, found " + value.getNodeType().name().toLowerCase());
                }
                if (value.asText().indexOf('\u0000') >= 0) {
                    // MariaDB and MySQL keep it in text; PostgreSQL, the pool, cannot store it anywhere.
                    throw new FieldException("contains the character U+0000 (NUL), which the pool cannot store");
                }
                return value.asText();
            case INT:
                return (int) toLong(value, Integer.MIN_VALUE, Integer.MAX_VALUE);
            case LONG:
                return toLong(value, Long.MIN_VALUE, Long.MAX_VALUE);
            case BOOLEAN:
                if (value.isBoolean()) {
                    return value.booleanValue();
                }
                String text = value.asText().strip().toLowerCase();
                if (text.equals("true") || text.equals("false")) {
                    return Boolean.parseBoolean(text);
                }
                throw new FieldException("expected true or false");
            case DOUBLE:
            case FLOAT:
                if (value.isNumber()) {
                    if (!Double.isFinite(value.doubleValue())) {
                        throw new FieldException("is not a finite number"); // NaN and infinities have no JSON form
                    }
                    return type.getType() == Schema.Type.DOUBLE ? value.doubleValue() : value.floatValue();
                }
                throw new FieldException("expected a number");
            case RECORD:
                if (!value.isObject()) {
                    throw new FieldException("expected an object");
                }
                for (Iterator<String> names = value.fieldNames(); names.hasNext(); ) {
                    String name = names.next();
                    if (type.getField(name) == null) {
                        violations.add(new FieldViolation(path + "." + name, "is not a field of " + type.getName()));
                    }
                }
                return toRecord(type, value, path + ".", violations);
            case ARRAY:
                if (!value.isArray()) {
                    throw new FieldException("expected a list");
                }
                List<Object> items = new ArrayList<>(value.size());
                for (int i = 0; i < value.size(); i++) {
                    String itemPath = path + "[" + i + "]";
                    JsonNode item = value.get(i);
                    if (item == null || item.isNull()) {
                        violations.add(new FieldViolation(itemPath, "a list item must not be null"));
                        continue;
                    }
                    try {
                        items.add(convert(type.getElementType(), item, itemPath, violations));
                    } catch (FieldException e) {
                        violations.add(new FieldViolation(itemPath, e.getMessage()));
                    }
                }
                return new GenericData.Array<>(type, items);
            case ENUM:
                String symbol = value.asText().strip().toUpperCase(java.util.Locale.ROOT);
                if (type.hasEnumSymbol(symbol)) {
                    return new GenericData.EnumSymbol(type, symbol);
                }
                throw new FieldException("'" + value.asText() + "' is not one of " + type.getEnumSymbols());
            default:
                throw new FieldException("type " + type.getType().getName() + " is not supported in canonical schemas yet");
        }
    }

    private static long toLong(JsonNode value, long min, long max) {
        long result;
        if (value.isIntegralNumber()) {
            result = value.longValue();
        } else if (value.isTextual()) {
            try {
                result = Long.parseLong(value.asText().strip());
            } catch (NumberFormatException e) {
                throw new FieldException("expected a whole number");
            }
        } else {
            throw new FieldException("expected a whole number");
        }
        if (result < min || result > max) {
            throw new FieldException("number out of range");
        }
        return result;
    }

    private static LocalDate toDate(JsonNode value) {
        if (value.isIntegralNumber()) {
            return LocalDate.ofEpochDay(value.longValue());
        }
        try {
            return LocalDate.parse(value.asText().strip());
        } catch (DateTimeParseException e) {
            throw new FieldException("expected an ISO date (yyyy-MM-dd), found text of length " + value.asText().length());
        }
    }

    private static Instant toInstant(JsonNode value) {
        if (value.isIntegralNumber()) {
            return Instant.ofEpochMilli(value.longValue());
        }
        try {
            return Instant.parse(value.asText().strip());
        } catch (DateTimeParseException e) {
            throw new FieldException("expected an ISO instant (yyyy-MM-ddTHH:mm:ssZ)");
        }
    }

    private static final class FieldException extends RuntimeException {
        FieldException(String message) {
            super(message, null, false, false);
        }
    }
}
