/*
 * Copyright 2026 The OnceOnly Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.onceonly.access;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.onceonly.pool.PoolException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Coverage of prefills: the share of form fields and of proof materials that the pool supplied, over
 * recent prefills — the measure behind "no-certificate city" targets. Outcomes go to the hub's
 * {@link BatchingWriter} without waiting (they carry no personal data and are not part of the audit trail),
 * so a prefill does not wait for them; the writer holds them back and writes up to a second's worth at once.
 */
public final class PrefillStatistics {
    private static final Logger LOG = LoggerFactory.getLogger(PrefillStatistics.class);
    public static final double FIELD_TARGET = 0.30;
    public static final double MATERIAL_TARGET = 0.40;

    private final DataSource dataSource;
    private final BatchingWriter writer;
    private final Outcomes outcomes = new Outcomes();

    private record Outcome(String form, int fieldsAsked, List<String> filled, int materialsAsked, List<String> supplied) {}

    /** Coverage of one form over its most recent prefills; per-field and per-material fill rates too. */
    public record Coverage(String form, long prefills, long fieldsAsked, long fieldsFilled, long materialsAsked,
                           long materialsSupplied, Map<String, Long> filledCount, Map<String, Long> suppliedCount) {
        public double fieldShare() {
            return fieldsAsked == 0 ? 0 : (double) fieldsFilled / fieldsAsked;
        }

        public double materialShare() {
            return materialsAsked == 0 ? 0 : (double) materialsSupplied / materialsAsked;
        }
    }

    public PrefillStatistics(DataSource dataSource, BatchingWriter writer) {
        this.dataSource = dataSource;
        this.writer = writer;
    }

    void record(Form form, PrefillResult result) {
        Outcome outcome = new Outcome(form.id(), result.fields().size(),
                result.fields().stream().filter(f -> f.status() == PrefillResult.Status.FILLED).map(PrefillResult.FilledField::name).toList(),
                result.materials().size(),
                result.materials().stream().filter(m -> m.status() == PrefillResult.Status.SUPPLIED).map(PrefillResult.SuppliedMaterial::name).toList());
        if (!writer.offer(outcomes, outcome)) {
            LOG.warn("prefill statistics are behind; one outcome of form {} was not counted", form.id());
        }
    }

    /** Waits until every recorded outcome is written (for tests). */
    public void flush() {
        writer.flush();
    }

    private static final class Outcomes implements BatchingWriter.Table<Outcome> {
        private static final String SEPARATOR = "\u001f";

        @Override
        public String name() {
            return "prefill outcomes";
        }

        @Override
        public void write(Connection connection, List<Outcome> batch) throws SQLException {
            int n = batch.size();
            String[] forms = new String[n];
            Integer[] fieldsAsked = new Integer[n];
            String[] filled = new String[n];
            Integer[] materialsAsked = new Integer[n];
            String[] supplied = new String[n];
            for (int i = 0; i < n; i++) {
                Outcome o = batch.get(i);
                forms[i] = o.form();
                fieldsAsked[i] = o.fieldsAsked();
                filled[i] = String.join(SEPARATOR, o.filled());
                materialsAsked[i] = o.materialsAsked();
                supplied[i] = String.join(SEPARATOR, o.supplied());
            }
            // One prepared statement for any batch size (the names are joined by the unit separator).
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO prefill_outcome "
                    + "(form, fields_asked, fields_filled, materials_asked, materials_supplied) "
                    + "SELECT f, fa, CASE WHEN ff = '' THEN ARRAY[]::text[] ELSE string_to_array(ff, chr(31)) END, "
                    + "ma, CASE WHEN ms = '' THEN ARRAY[]::text[] ELSE string_to_array(ms, chr(31)) END "
                    + "FROM unnest(?::text[], ?::int[], ?::text[], ?::int[], ?::text[]) AS r(f, fa, ff, ma, ms)")) {
                insert.setArray(1, connection.createArrayOf("text", forms));
                insert.setArray(2, connection.createArrayOf("integer", fieldsAsked));
                insert.setArray(3, connection.createArrayOf("text", filled));
                insert.setArray(4, connection.createArrayOf("integer", materialsAsked));
                insert.setArray(5, connection.createArrayOf("text", supplied));
                insert.executeUpdate();
            }
        }
    }

    /** Coverage over the form's last {@code window} prefills. */
    public Coverage coverage(String form, int window) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement select = connection.prepareStatement("""
                     SELECT count(*), coalesce(sum(fields_asked), 0), coalesce(sum(cardinality(fields_filled)), 0),
                            coalesce(sum(materials_asked), 0), coalesce(sum(cardinality(materials_supplied)), 0)
                       FROM (SELECT * FROM prefill_outcome WHERE form = ? ORDER BY id DESC LIMIT ?) recent""");
             PreparedStatement perName = connection.prepareStatement("""
                     SELECT kind, name, count(*) FROM (
                       SELECT 'field' AS kind, unnest(fields_filled) AS name FROM
                         (SELECT fields_filled FROM prefill_outcome WHERE form = ? ORDER BY id DESC LIMIT ?) f
                       UNION ALL
                       SELECT 'material', unnest(materials_supplied) FROM
                         (SELECT materials_supplied FROM prefill_outcome WHERE form = ? ORDER BY id DESC LIMIT ?) m
                     ) names GROUP BY kind, name ORDER BY kind, name""")) {
            select.setString(1, form);
            select.setInt(2, window);
            Map<String, Long> filled = new LinkedHashMap<>();
            Map<String, Long> supplied = new LinkedHashMap<>();
            perName.setString(1, form);
            perName.setInt(2, window);
            perName.setString(3, form);
            perName.setInt(4, window);
            try (ResultSet rows = perName.executeQuery()) {
                while (rows.next()) {
                    ("field".equals(rows.getString(1)) ? filled : supplied).put(rows.getString(2), rows.getLong(3));
                }
            }
            try (ResultSet row = select.executeQuery()) {
                row.next();
                return new Coverage(form, row.getLong(1), row.getLong(2), row.getLong(3), row.getLong(4), row.getLong(5), filled, supplied);
            }
        } catch (SQLException e) {
            throw new PoolException("reading prefill coverage failed", e);
        }
    }
}
