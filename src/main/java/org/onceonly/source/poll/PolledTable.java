/*
 * Copyright 2026 The OnceOnly Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.onceonly.source.poll;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.onceonly.source.SqlIdentifier;
import org.onceonly.source.TableSpec;

/**
 * One table of a {@code jdbc-poll} source: the query that reads the rows after a cursor, in
 * (watermark, key) order, and the conversion of each row to JSON, its key and its position.
 *
 * <p>The query compares {@code (watermark, key) > (?, ?)} written out as nested {@code OR}s, since not
 * every database has row values, with a redundant {@code watermark >= ?} in front so that any database
 * can range-scan an index on (watermark, key). Rows are limited with SQL:2008
 * {@code OFFSET 0 ROWS FETCH NEXT ? ROWS ONLY}. A connector's own {@code query} is read as a derived
 * table, {@code SELECT ... FROM (query) polled WHERE ...}, so the same parameterised keyset applies to it.
 */
public final class PolledTable {
    private static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
    private static final int QUERY_TIMEOUT_SECONDS = 120;

    /** A column of the result: its label as the database reports it, its 1-based index, its kind. */
    private record Column(String label, int index, ColumnKind kind) {}

    /** One row read: the watermark and key values (for the cursor), the key and row as JSON, soft-deleted or not. */
    record Row(JsonNode watermark, List<JsonNode> keyValues, ObjectNode key, ObjectNode image, boolean deleted) {}

    private final TableSpec spec;
    private final String selectList;
    private final Column watermark;
    private final List<Column> key;
    private final Column softDelete;
    private final List<Column> image;

    private PolledTable(TableSpec spec, String selectList, Column watermark, List<Column> key, Column softDelete, List<Column> image) {
        this.spec = spec;
        this.selectList = selectList;
        this.watermark = watermark;
        this.key = key;
        this.softDelete = softDelete;
        this.image = image;
    }

    /**
     * Looks the table up with a query that returns no rows, which checks that it exists, that the role may
     * read it, and that the configured columns exist with usable types.
     */
    static PolledTable describe(Connection connection, TableSpec spec) throws SQLException {
        if (spec.key().isEmpty() || spec.watermark() == null) {
            throw new IllegalArgumentException(where(spec) + "a polled table needs key and watermark");
        }
        String selectList = selectList(spec);
        String probe = "SELECT " + selectList + " FROM " + spec.from() + " WHERE 1 = 0";
        List<Column> columns = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement(probe); ResultSet empty = statement.executeQuery()) {
            ResultSetMetaData metadata = empty.getMetaData();
            for (int i = 1; i <= metadata.getColumnCount(); i++) {
                columns.add(new Column(metadata.getColumnLabel(i), i, ColumnKind.of(metadata, i)));
            }
        }
        Column watermark = find(spec, columns, spec.watermark());
        if (!watermark.kind().canBeWatermark()) {
            throw new IllegalStateException(where(spec) + "watermark " + spec.watermark() + " is " + kindName(watermark)
                    + "; a watermark must be a timestamp (with or without time zone), a date, a whole number or digit-only text");
        }
        List<Column> key = new ArrayList<>();
        for (String name : spec.key()) {
            Column column = find(spec, columns, name);
            if (!column.kind().canBeKey()) {
                throw new IllegalStateException(where(spec) + "key column " + name + " is " + kindName(column)
                        + "; key columns must be numbers, text, dates or timestamps");
            }
            key.add(column);
        }
        Column softDelete = spec.softDelete() == null ? null : find(spec, columns, spec.softDelete().column());
        List<Column> image = spec.columns().isEmpty() ? columns
                : spec.columns().stream().map(name -> find(spec, columns, name)).toList();
        return new PolledTable(spec, selectList, watermark, List.copyOf(key), softDelete, image);
    }

    /** {@code *} without an allow-list; else the allow-list plus what polling itself needs. */
    public static String selectList(TableSpec spec) {
        if (spec.columns().isEmpty()) {
            return "*";
        }
        Map<String, String> names = new LinkedHashMap<>();
        List<String> needed = new ArrayList<>(spec.key());
        needed.add(spec.watermark());
        if (spec.softDelete() != null) {
            needed.add(spec.softDelete().column());
        }
        needed.addAll(spec.columns());
        for (String name : needed) {
            names.putIfAbsent(name.toLowerCase(Locale.ROOT), SqlIdentifier.require("column", name));
        }
        return String.join(", ", names.values());
    }

    /** Unquoted names match the database's reported labels whatever the case it folds them to. */
    private static Column find(TableSpec spec, List<Column> columns, String name) {
        List<Column> matches = columns.stream().filter(c -> c.label().equalsIgnoreCase(name)).toList();
        if (matches.size() != 1) {
            throw new IllegalStateException(where(spec) + (matches.isEmpty() ? "has no column " + name + "; it has "
                    + columns.stream().map(Column::label).collect(Collectors.toList())
                    : "has " + matches.size() + " columns named " + name + " in different cases; use a column allow-list"));
        }
        return matches.get(0);
    }

    private static String where(TableSpec spec) {
        return (spec.query() == null ? "table " : "query of ") + spec.name() + ": ";
    }

    private static String kindName(Column column) {
        return column.kind().name().toLowerCase(Locale.ROOT).replace('_', ' ');
    }

    String name() {
        return spec.name();
    }

    String watermarkLabel() {
        return watermark.label();
    }

    ColumnKind watermarkKind() {
        return watermark.kind();
    }

    /**
     * The keyset query for up to {@code limit} rows after the cursor, in (watermark, key) order, in
     * camel-jdbc's named-parameter form ({@code :?name}, taken from the exchange's headers).
     */
    Query queryAfter(PollCursor cursor, int limit) {
        Map<String, Object> parameters = new LinkedHashMap<>();
        StringBuilder sql = new StringBuilder(selectFrom()).append(" WHERE ").append(notNull());
        if (!cursor.atStart()) {
            List<Column> order = order();
            List<JsonNode> values = new ArrayList<>();
            values.add(cursor.watermark());
            values.addAll(cursor.key());
            for (int i = 0; i < order.size(); i++) {
                parameters.put(Query.PARAMETER + i, order.get(i).kind().parameter(values.get(i)));
            }
            sql.append(" AND ").append(spec.watermark()).append(" >= :?").append(Query.PARAMETER).append(0).append(" AND ").append(namedAfter(0));
        }
        parameters.put(Query.LIMIT, limit);
        sql.append(" ORDER BY ").append(orderBy("")).append(" OFFSET 0 ROWS FETCH NEXT :?").append(Query.LIMIT).append(" ROWS ONLY");
        return new Query(sql.toString(), parameters);
    }

    /** A keyset query and its parameters by name; parameter names start with {@link #PARAMETER} or are {@link #LIMIT}. */
    record Query(String sql, Map<String, Object> parameters) {
        static final String PARAMETER = "onceonlyPoll";
        static final String LIMIT = PARAMETER + "Limit";
    }

    /**
     * {@code (c0, c1, ...) > (:?p0, :?p1, ...)} from column {@code i} on, without row values; position
     * {@code i}'s parameter is {@code :?onceonlyPoll<i>} wherever it appears.
     */
    private String namedAfter(int i) {
        List<Column> order = order();
        String column = nameOf(order.get(i));
        String parameter = ":?" + Query.PARAMETER + i;
        if (i == order.size() - 1) {
            return column + " > " + parameter;
        }
        return "(" + column + " > " + parameter + " OR (" + column + " = " + parameter + " AND " + namedAfter(i + 1) + "))";
    }

    /** A row as camel-jdbc hands it on: column label to {@code ResultSet.getObject} value. */
    Row row(Map<String, Object> values) throws SQLException {
        return row(column -> column.kind().fromObject(value(values, column)));
    }

    private Object value(Map<String, Object> values, Column column) {
        if (values.containsKey(column.label())) {
            return values.get(column.label());
        }
        return values.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(column.label())).findFirst()
                .orElseThrow(() -> new IllegalStateException(where(spec) + "the result has no column " + column.label()))
                .getValue();
    }

    /** The last row in (watermark, key) order, where {@code snapshot: never} starts; empty if there is none. */
    List<Row> readLast(Connection connection) throws SQLException {
        String sql = selectFrom() + " WHERE " + notNull() + " ORDER BY " + orderBy(" DESC") + " OFFSET 0 ROWS FETCH NEXT ? ROWS ONLY";
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setInt(1, 1);
            return read(statement, 1);
        }
    }

    private List<Row> read(PreparedStatement statement, int limit) throws SQLException {
        statement.setFetchSize(Math.min(limit, 1000));
        statement.setQueryTimeout(QUERY_TIMEOUT_SECONDS);
        List<Row> rows = new ArrayList<>();
        try (ResultSet result = statement.executeQuery()) {
            while (result.next()) {
                rows.add(row(result));
            }
        }
        return rows;
    }

    private Row row(ResultSet result) throws SQLException {
        return row(column -> column.kind().read(result, column.index()));
    }

    /** How a row's values are read: from a JDBC result set, or from camel-jdbc's row map. */
    @FunctionalInterface
    private interface Values {
        JsonNode of(Column column) throws SQLException;
    }

    private Row row(Values read) throws SQLException {
        List<JsonNode> keyValues = new ArrayList<>();
        ObjectNode keyJson = JSON.createObjectNode();
        for (Column column : key) {
            JsonNode value = read.of(column);
            keyValues.add(value);
            keyJson.set(column.label(), value);
        }
        ObjectNode imageJson = JSON.createObjectNode();
        for (Column column : image) {
            imageJson.set(column.label(), read.of(column));
        }
        boolean deleted = softDelete != null && isDeletedValue(read.of(softDelete), spec.softDelete().deletedValue());
        return new Row(read.of(watermark), keyValues, keyJson, imageJson, deleted);
    }

    /** Compared as text (CHAR padding ignored), or as numbers when both are numbers: 1 matches "1" and 1.0. */
    private static boolean isDeletedValue(JsonNode value, String deletedValue) {
        if (value.isNull()) {
            return false;
        }
        if (value.isNumber()) {
            try {
                return value.decimalValue().compareTo(new BigDecimal(deletedValue.strip())) == 0;
            } catch (NumberFormatException e) {
                return false;
            }
        }
        return value.asText().strip().equals(deletedValue.strip());
    }

    /**
     * Position of a row: {@code poll:} and its watermark as fixed-width text that sorts like the values,
     * then {@code /} and each key value. A row changed later has a greater watermark and so a greater
     * position; for whole-number keys the position also sorts in poll order between rows.
     */
    String position(Row row) {
        StringBuilder position = new StringBuilder("poll:").append(watermark.kind().sortableWatermark(row.watermark()));
        for (int i = 0; i < key.size(); i++) {
            position.append('/').append(key.get(i).kind().sortable(row.keyValues().get(i)));
        }
        return position.toString();
    }

    /** The cursor just past {@code row}. */
    PollCursor cursorAfter(Row row, boolean initialPassDone) {
        return new PollCursor(row.watermark(), row.keyValues(), initialPassDone);
    }

    /** A cursor as stored: the watermark as text and the key as a JSON object of its columns. */
    PollOffsets.Stored store(PollCursor cursor) {
        ObjectNode keyJson = JSON.createObjectNode();
        for (int i = 0; i < cursor.key().size(); i++) {
            keyJson.set(key.get(i).label(), cursor.key().get(i));
        }
        return new PollOffsets.Stored(watermark.label(), cursor.atStart() ? null : cursor.watermark().asText(),
                cursor.atStart() ? null : keyJson.toString(), cursor.initialPassDone());
    }

    /**
     * A stored offset as a cursor. One taken on another watermark or key would resume at a meaningless
     * place, so it is refused: the DBA removes it to poll the table from the start.
     */
    PollCursor restore(PollOffsets.Stored stored) {
        String remedy = "; to poll the table again from the start, delete its row from " + PollOffsets.TABLE;
        if (!stored.watermarkColumn().equalsIgnoreCase(watermark.label())) {
            throw new IllegalStateException(where(spec) + "the stored offset was taken on watermark "
                    + stored.watermarkColumn() + ", not " + watermark.label() + remedy);
        }
        if (stored.watermark() == null) {
            return new PollCursor(null, List.of(), stored.initialPassDone());
        }
        JsonNode keyJson;
        try {
            keyJson = JSON.readTree(stored.key());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(where(spec) + "the stored offset's key is not JSON" + remedy, e);
        }
        Set<String> storedNames = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
        keyJson.fieldNames().forEachRemaining(storedNames::add);
        Set<String> names = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
        key.forEach(column -> names.add(column.label()));
        if (!storedNames.equals(names)) {
            throw new IllegalStateException(where(spec) + "the stored offset was taken on key " + storedNames
                    + ", not " + names + remedy);
        }
        List<JsonNode> values = new ArrayList<>();
        for (Column column : key) {
            JsonNode value = keyJson.get(column.label());
            if (value == null) {
                // Same name in another case: the database folds unquoted names differently than when stored.
                String storedName = storedNames.stream().filter(n -> n.equalsIgnoreCase(column.label())).findFirst().orElseThrow();
                value = keyJson.get(storedName);
            }
            values.add(value);
        }
        return new PollCursor(watermark.kind().parse(stored.watermark()), values, stored.initialPassDone());
    }

    private String selectFrom() {
        return "SELECT " + selectList + " FROM " + spec.from();
    }

    private String notNull() {
        return order().stream().map(c -> nameOf(c) + " IS NOT NULL").collect(Collectors.joining(" AND "));
    }

    private String orderBy(String direction) {
        return order().stream().map(c -> nameOf(c) + direction).collect(Collectors.joining(", "));
    }

    /** The poll order: watermark, then the key columns. */
    private List<Column> order() {
        List<Column> order = new ArrayList<>();
        order.add(watermark);
        order.addAll(key);
        return order;
    }

    /** The configured (validated, unquoted) name of a column, for SQL text. */
    private String nameOf(Column column) {
        String name = column == watermark ? spec.watermark() : spec.key().get(key.indexOf(column));
        return SqlIdentifier.require("column", name);
    }
}
