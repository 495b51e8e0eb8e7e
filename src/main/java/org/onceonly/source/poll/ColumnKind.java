/*
 * Copyright 2026 The OnceOnly Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.onceonly.source.poll;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.Locale;
import java.util.Optional;

/**
 * How a polled column's values are read over JDBC and written as JSON, the same way
 * {@code ConnectRowConverter} writes Debezium's: ISO text for dates, times and timestamps, numbers as
 * numbers, binary as Base64. Key and watermark columns also need their values bound back into the poll
 * query and, for the position, encoded as text that sorts like the values.
 */
public enum ColumnKind {
    INTEGER, DECIMAL, FLOATING, BOOLEAN, TEXT, DATE, TIME, TIMESTAMP, TIMESTAMP_TZ, BINARY, OTHER;

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final long MICROS_PER_DAY = 86_400_000_000L;
    // Digit-only text, such as char(14) 'yyyyMMddHHmmss', is a usable watermark: it sorts like a number.
    private static final int MAX_DIGITS = 18;

    public static ColumnKind of(ResultSetMetaData metadata, int column) throws SQLException {
        String typeName = String.valueOf(metadata.getColumnTypeName(column)).toLowerCase(Locale.ROOT);
        if (typeName.equals("datetimeoffset")) {
            return TIMESTAMP_TZ; // SQL Server reports it with a vendor type code
        }
        return switch (metadata.getColumnType(column)) {
            case Types.TINYINT, Types.SMALLINT, Types.INTEGER, Types.BIGINT -> INTEGER;
            // NUMBER(10) is a whole number; NUMBER without precision (0, or scale -127 on Oracle) may not be.
            case Types.NUMERIC, Types.DECIMAL -> metadata.getScale(column) == 0 && metadata.getPrecision(column) > 0
                    && metadata.getPrecision(column) <= MAX_DIGITS ? INTEGER : DECIMAL;
            case Types.REAL, Types.FLOAT, Types.DOUBLE -> FLOATING;
            case Types.BIT, Types.BOOLEAN -> BOOLEAN;
            case Types.CHAR, Types.VARCHAR, Types.LONGVARCHAR, Types.NCHAR, Types.NVARCHAR, Types.LONGNVARCHAR,
                 Types.CLOB, Types.NCLOB -> TEXT;
            case Types.DATE -> DATE;
            // A time with a zone has no java.time type every driver maps; its text is kept as the driver gives it.
            case Types.TIME -> typeName.contains("tz") || typeName.contains("time zone") ? OTHER : TIME;
            // PostgreSQL reports timestamptz as TIMESTAMP; its type name tells them apart.
            case Types.TIMESTAMP -> typeName.contains("tz") || typeName.contains("time zone") || typeName.contains("offset")
                    ? TIMESTAMP_TZ : TIMESTAMP;
            case Types.TIMESTAMP_WITH_TIMEZONE -> TIMESTAMP_TZ;
            case Types.BINARY, Types.VARBINARY, Types.LONGVARBINARY, Types.BLOB -> BINARY;
            default -> OTHER;
        };
    }

    /** Whether the values of this kind can be the watermark (they must sort and encode as a number). */
    public boolean canBeWatermark() {
        return switch (this) {
            case INTEGER, DECIMAL, TEXT, DATE, TIMESTAMP, TIMESTAMP_TZ -> true;
            default -> false;
        };
    }

    /** Whether the values of this kind can be part of the key (they must bind back into the query). */
    public boolean canBeKey() {
        return switch (this) {
            case INTEGER, DECIMAL, TEXT, DATE, TIMESTAMP, TIMESTAMP_TZ -> true;
            default -> false;
        };
    }

    /** The column's value as JSON; SQL NULL becomes JSON null. */
    JsonNode read(ResultSet row, int column) throws SQLException {
        JsonNode value = switch (this) {
            case INTEGER -> {
                long number = row.getLong(column);
                yield row.wasNull() ? null : NODES.numberNode(number);
            }
            case DECIMAL -> {
                BigDecimal number = row.getBigDecimal(column);
                yield number == null ? null : NODES.numberNode(number);
            }
            case FLOATING -> {
                double number = row.getDouble(column);
                yield row.wasNull() ? null : NODES.numberNode(number);
            }
            case BOOLEAN -> {
                boolean flag = row.getBoolean(column);
                yield row.wasNull() ? null : NODES.booleanNode(flag);
            }
            case DATE -> text(row.getObject(column, LocalDate.class));
            case TIME -> text(row.getObject(column, LocalTime.class));
            case TIMESTAMP -> text(row.getObject(column, LocalDateTime.class));
            case TIMESTAMP_TZ -> {
                OffsetDateTime timestamp = row.getObject(column, OffsetDateTime.class);
                yield timestamp == null ? null : NODES.textNode(timestamp.toInstant().toString());
            }
            case BINARY -> {
                byte[] bytes = row.getBytes(column);
                yield bytes == null ? null : NODES.textNode(Base64.getEncoder().encodeToString(bytes));
            }
            case TEXT, OTHER -> text(row.getString(column));
        };
        return value == null ? NODES.nullNode() : value;
    }

    private static JsonNode text(Object value) {
        return value == null ? null : NODES.textNode(value.toString());
    }

    /** A value this kind {@link #read} back as the Java value of the column's own type, for a query parameter. */
    Object parameter(JsonNode value) {
        return switch (this) {
            case INTEGER -> value.longValue();
            case DECIMAL -> value.decimalValue();
            case TEXT -> value.textValue();
            case DATE -> LocalDate.parse(value.textValue());
            case TIMESTAMP -> LocalDateTime.parse(value.textValue());
            case TIMESTAMP_TZ -> OffsetDateTime.ofInstant(Instant.parse(value.textValue()), ZoneOffset.UTC);
            default -> throw new IllegalStateException(this + " values are not bound back into queries");
        };
    }

    /**
     * A column's value as camel-jdbc hands it on ({@code ResultSet.getObject}) as the same JSON {@link #read}
     * gives; SQL NULL becomes JSON null.
     */
    JsonNode fromObject(Object value) {
        if (value == null) {
            return NODES.nullNode();
        }
        try {
            return switch (this) {
                case INTEGER -> NODES.numberNode(value instanceof Number n ? n.longValue() : Long.parseLong(value.toString().strip()));
                case DECIMAL -> NODES.numberNode(value instanceof BigDecimal d ? d : new BigDecimal(value.toString().strip()));
                case FLOATING -> NODES.numberNode(value instanceof Number n ? n.doubleValue() : Double.parseDouble(value.toString()));
                case BOOLEAN -> NODES.booleanNode(value instanceof Boolean b ? b
                        : value instanceof Number n ? n.longValue() != 0 : Boolean.parseBoolean(value.toString()));
                case DATE -> NODES.textNode((value instanceof java.sql.Date d ? d.toLocalDate() : value).toString());
                case TIME -> NODES.textNode((value instanceof java.sql.Time t ? t.toLocalTime() : value).toString());
                case TIMESTAMP -> NODES.textNode((value instanceof java.sql.Timestamp t ? t.toLocalDateTime() : value).toString());
                case TIMESTAMP_TZ -> NODES.textNode(instant(value).toString());
                case BINARY -> NODES.textNode(Base64.getEncoder().encodeToString(bytes(value)));
                case TEXT, OTHER -> NODES.textNode(value instanceof java.sql.Clob clob ? clob.getSubString(1, (int) clob.length()) : value.toString());
            };
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read a " + this + " value: " + e.getMessage(), e);
        }
    }

    private static Instant instant(Object value) {
        if (value instanceof java.sql.Timestamp t) {
            return t.toInstant();
        }
        if (value instanceof OffsetDateTime o) {
            return o.toInstant();
        }
        if (value instanceof java.time.ZonedDateTime z) {
            return z.toInstant();
        }
        if (value instanceof Instant i) {
            return i;
        }
        return OffsetDateTime.parse(value.toString()).toInstant();
    }

    private static byte[] bytes(Object value) throws SQLException {
        if (value instanceof java.sql.Blob blob) {
            return blob.getBytes(1, (int) blob.length());
        }
        return (byte[]) value;
    }

    /** A stored value's text (as {@link JsonNode#asText()} gave it) back as the JSON {@link #read} gives. */
    JsonNode parse(String text) {
        return switch (this) {
            case INTEGER -> NODES.numberNode(Long.parseLong(text));
            case DECIMAL -> NODES.numberNode(new BigDecimal(text));
            default -> NODES.textNode(text);
        };
    }

    /**
     * Text that sorts byte-wise like the values: temporal values as epoch microseconds (timestamps without a
     * zone counted as if UTC, which keeps their order), numbers and digit-only text as whole numbers, both
     * fixed width. Other text (keys only) is itself.
     */
    String sortable(JsonNode value) {
        return switch (this) {
            case INTEGER -> fixedWidth(value.longValue());
            case DECIMAL -> isWhole(value.decimalValue())
                    ? fixedWidth(value.decimalValue().stripTrailingZeros().longValueExact()) : value.decimalValue().toPlainString();
            case TEXT -> isDigits(value.textValue()) ? fixedWidth(Long.parseLong(value.textValue())) : value.textValue();
            case DATE -> fixedWidth(Math.multiplyExact(LocalDate.parse(value.textValue()).toEpochDay(), MICROS_PER_DAY));
            case TIMESTAMP -> fixedWidth(micros(LocalDateTime.parse(value.textValue()).toInstant(ZoneOffset.UTC)));
            case TIMESTAMP_TZ -> fixedWidth(micros(Instant.parse(value.textValue())));
            default -> value.asText();
        };
    }

    /** Like {@link #sortable}, but refuses values that would not sort by their text (watermarks). */
    String sortableWatermark(JsonNode value) {
        if (this == TEXT && !isDigits(value.textValue())) {
            throw new IllegalStateException("a text watermark must hold digits only (at most " + MAX_DIGITS
                    + "), such as yyyyMMddHHmmss; found a value of length " + value.textValue().length());
        }
        if (this == DECIMAL && !isWhole(value.decimalValue())) {
            throw new IllegalStateException("a numeric watermark must be a whole number within 64 bits; found one with "
                    + "scale " + value.decimalValue().stripTrailingZeros().scale() + " or out of range");
        }
        return sortable(value);
    }

    /** The instant a temporal value stands for; timestamps without a zone are read in {@code zone}. */
    Optional<Instant> instant(JsonNode value, ZoneId zone) {
        return switch (this) {
            case DATE -> Optional.of(LocalDate.parse(value.textValue()).atStartOfDay(zone).toInstant());
            case TIMESTAMP -> Optional.of(LocalDateTime.parse(value.textValue()).atZone(zone).toInstant());
            case TIMESTAMP_TZ -> Optional.of(Instant.parse(value.textValue()));
            default -> Optional.empty();
        };
    }

    /**
     * A long as text of fixed width that sorts like the numbers: 19 zero-padded digits when not negative;
     * a negative one as {@code -} (which sorts before digits) and its distance from {@link Long#MIN_VALUE}.
     */
    static String fixedWidth(long value) {
        return value >= 0 ? String.format("%019d", value) : "-" + String.format("%019d", value - Long.MIN_VALUE);
    }

    private static boolean isWhole(BigDecimal value) {
        try {
            value.stripTrailingZeros().longValueExact();
            return true;
        } catch (ArithmeticException e) {
            return false;
        }
    }

    private static boolean isDigits(String text) {
        return !text.isEmpty() && text.length() <= MAX_DIGITS && text.chars().allMatch(c -> c >= '0' && c <= '9');
    }

    private static long micros(Instant instant) {
        return Math.addExact(Math.multiplyExact(instant.getEpochSecond(), 1_000_000L), instant.getNano() / 1000);
    }
}
