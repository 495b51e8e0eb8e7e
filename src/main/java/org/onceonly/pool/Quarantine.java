/*
 * Copyright 2026 The OnceOnly Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.onceonly.pool;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;
import org.onceonly.schema.FieldViolation;
import org.onceonly.schema.Rejection;

/**
 * Changes that could not become canonical records, held with the raw change envelope, the route, the
 * source position and every reason, until someone replays (after fixing the route or the data) or
 * discards them. Entries are never deleted: a discard is a recorded decision.
 */
public final class Quarantine {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final DataSource dataSource;

    public Quarantine(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Lifecycle of an entry. */
    public enum Status {
        HELD, REPLAYED, DISCARDED;

        String column() {
            return name().toLowerCase();
        }

        static Status of(String column) {
            return valueOf(column.toUpperCase());
        }
    }

    /** One quarantined change. {@code envelope} is the raw change as the source emitted it. */
    public record Entry(long id, String sourceId, String table, String rowKey, String position, String routeId,
                        List<FieldViolation> reasons, Status status, Instant receivedAt, String note, JsonNode envelope) {}

    /** Held entries counted by source and by the first reason's field and text. */
    public record Count(String sourceId, String field, String reason, long held) {}

    static void hold(Connection connection, List<Rejection> rejections) throws SQLException {
        if (rejections.isEmpty()) {
            return;
        }
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO quarantine (source_id, source_table, row_key, position, route_id, envelope, reasons) "
                        + "VALUES (?, ?, ?, ?, ?, ?::jsonb, ?::jsonb)")) {
            for (Rejection rejection : rejections) {
                String envelope = rejection.envelopeJson();
                List<FieldViolation> reasons = new ArrayList<>(rejection.reasons());
                if (NulCharacters.inJson(envelope)) {
                    envelope = NulCharacters.replaceInJson(envelope);
                    reasons.add(new FieldViolation("(envelope)", "U+0000 (NUL) characters of the raw change are kept here as U+FFFD:"
                            + " PostgreSQL cannot store U+0000"));
                }
                insert.setString(1, rejection.origin().sourceId());
                insert.setString(2, rejection.origin().table());
                insert.setString(3, NulCharacters.replace(rejection.origin().sourceKey()));
                insert.setString(4, rejection.origin().position());
                insert.setString(5, rejection.routeId());
                insert.setString(6, envelope);
                insert.setString(7, reasonsJson(reasons.stream()
                        .map(r -> new FieldViolation(NulCharacters.replace(r.field()), NulCharacters.replace(r.reason()))).toList()));
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }

    /** Entries, newest first; null filters match everything. */
    public List<Entry> list(String sourceId, Status status, int limit) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement select = connection.prepareStatement(
                     "SELECT " + COLUMNS + " FROM quarantine WHERE (?::text IS NULL OR source_id = ?) "
                             + "AND (?::text IS NULL OR status = ?) ORDER BY id DESC LIMIT ?")) {
            select.setString(1, sourceId);
            select.setString(2, sourceId);
            String statusColumn = status == null ? null : status.column();
            select.setString(3, statusColumn);
            select.setString(4, statusColumn);
            select.setInt(5, limit);
            return read(select);
        } catch (SQLException e) {
            throw new PoolException("listing the quarantine failed", e);
        }
    }

    public Optional<Entry> find(long id) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement select = connection.prepareStatement("SELECT " + COLUMNS + " FROM quarantine WHERE id = ?")) {
            select.setLong(1, id);
            return read(select).stream().findFirst();
        } catch (SQLException e) {
            throw new PoolException("reading a quarantine entry failed", e);
        }
    }

    /** Ids of held entries, oldest first (replay order = source order within a source). */
    public List<Long> heldIds(String sourceId) {
        List<Long> ids = new ArrayList<>();
        try (Connection connection = dataSource.getConnection();
             PreparedStatement select = connection.prepareStatement(
                     "SELECT id FROM quarantine WHERE status = 'held' AND (?::text IS NULL OR source_id = ?) ORDER BY id")) {
            select.setString(1, sourceId);
            select.setString(2, sourceId);
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    ids.add(rows.getLong(1));
                }
            }
        } catch (SQLException e) {
            throw new PoolException("listing the quarantine failed", e);
        }
        return ids;
    }

    /** Marks a held entry discarded with a note saying why; false when it is not held. */
    public boolean discard(long id, String note) {
        return setStatus(id, Status.DISCARDED, note);
    }

    /** Replaces a held entry's reasons after a replay that failed again. */
    public void updateReasons(long id, List<FieldViolation> reasons) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement update = connection.prepareStatement(
                     "UPDATE quarantine SET reasons = ?::jsonb WHERE id = ? AND status = 'held'")) {
            update.setString(1, reasonsJson(reasons));
            update.setLong(2, id);
            update.executeUpdate();
        } catch (SQLException e) {
            throw new PoolException("updating a quarantine entry failed", e);
        }
    }

    /** Held entries per source and reason, for status and metrics. */
    public List<Count> heldCounts() {
        try (Connection connection = dataSource.getConnection()) {
            return heldCounts(connection);
        } catch (SQLException e) {
            throw new PoolException("counting the quarantine failed", e);
        }
    }

    static List<Count> heldCounts(Connection connection) throws SQLException {
        List<Count> counts = new ArrayList<>();
        try (PreparedStatement select = connection.prepareStatement(
                     "SELECT source_id, reasons->0->>'field', reasons->0->>'reason', count(*) FROM quarantine "
                             + "WHERE status = 'held' GROUP BY 1, 2, 3 ORDER BY 4 DESC, 1, 2");
             ResultSet rows = select.executeQuery()) {
            while (rows.next()) {
                counts.add(new Count(rows.getString(1), rows.getString(2), rows.getString(3), rows.getLong(4)));
            }
        }
        return counts;
    }

    static void markReplayed(Connection connection, long id) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement(
                "UPDATE quarantine SET status = 'replayed', resolved_at = now() WHERE id = ? AND status = 'held'")) {
            update.setLong(1, id);
            update.executeUpdate();
        }
    }

    private boolean setStatus(long id, Status status, String note) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement update = connection.prepareStatement(
                     "UPDATE quarantine SET status = ?, note = ?, resolved_at = now() WHERE id = ? AND status = 'held'")) {
            update.setString(1, status.column());
            update.setString(2, note);
            update.setLong(3, id);
            return update.executeUpdate() == 1;
        } catch (SQLException e) {
            throw new PoolException("updating a quarantine entry failed", e);
        }
    }

    private static final String COLUMNS =
            "id, source_id, source_table, row_key, position, route_id, reasons::text, status, received_at, note, envelope::text";

    private static List<Entry> read(PreparedStatement select) throws SQLException {
        List<Entry> entries = new ArrayList<>();
        try (ResultSet rows = select.executeQuery()) {
            while (rows.next()) {
                entries.add(new Entry(rows.getLong(1), rows.getString(2), rows.getString(3), rows.getString(4),
                        rows.getString(5), rows.getString(6), reasons(rows.getString(7)), Status.of(rows.getString(8)),
                        rows.getTimestamp(9).toInstant(), rows.getString(10), tree(rows.getString(11))));
            }
        }
        return entries;
    }

    private static List<FieldViolation> reasons(String json) {
        List<FieldViolation> reasons = new ArrayList<>();
        for (JsonNode reason : tree(json)) {
            reasons.add(new FieldViolation(reason.path("field").asText(), reason.path("reason").asText()));
        }
        return reasons;
    }

    private static JsonNode tree(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new IllegalStateException("a quarantine entry holds invalid JSON", e);
        }
    }

    private static String reasonsJson(List<FieldViolation> reasons) {
        ArrayNode array = JsonNodeFactory.instance.arrayNode();
        for (FieldViolation reason : reasons) {
            array.addObject().put("field", reason.field()).put("reason", reason.reason());
        }
        return array.toString();
    }
}
