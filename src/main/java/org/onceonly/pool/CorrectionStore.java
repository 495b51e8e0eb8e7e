/*
 * Copyright 2026 The OnceOnly Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.onceonly.pool;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * Corrections: a citizen disputes one field of a golden record; the department owning the value accepts
 * or rejects it. Until then the field is shown as disputed. A resolution is final.
 */
public final class CorrectionStore {
    private static final String COLUMNS = "id, entity, subject_key, field, proposed_value, note, material, department, status, "
            + "client_id, purpose, created_at, resolved_at, resolved_by, resolution_note";
    private final DataSource dataSource;

    public enum Status {
        OPEN, ACCEPTED, REJECTED;

        public String word() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** The status a word names ({@code open}, {@code accepted}, {@code rejected}). */
        public static Optional<Status> of(String word) {
            for (Status status : values()) {
                if (status.word().equals(word)) {
                    return Optional.of(status);
                }
            }
            return Optional.empty();
        }
    }

    /** What a platform client files for a citizen. {@code proposedValue} and {@code material} may be null. */
    public record Dispute(String entity, String subject, String field, String proposedValue, String note, String material,
                          String department, String clientId, String purpose) {}

    /** A stored correction; the resolution's parts are null while it is open. */
    public record Correction(long id, Dispute dispute, Status status, Instant createdAt, Instant resolvedAt, String resolvedBy,
                             String resolutionNote) {}

    /** An open correction of one field, for marking that field as disputed. */
    public record OpenCorrection(long id, String field, Instant since) {}

    public CorrectionStore(DataSource dataSource) {
        this.dataSource = dataSource;
    }


    public Correction file(Dispute dispute) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement insert = connection.prepareStatement("INSERT INTO correction (entity, subject_key, field, proposed_value, "
                     + "note, material, department, client_id, purpose) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING " + COLUMNS)) {
            insert.setString(1, dispute.entity());
            insert.setString(2, dispute.subject());
            insert.setString(3, dispute.field());
            insert.setString(4, dispute.proposedValue());
            insert.setString(5, dispute.note());
            insert.setString(6, dispute.material());
            insert.setString(7, dispute.department());
            insert.setString(8, dispute.clientId());
            insert.setString(9, dispute.purpose());
            try (ResultSet row = insert.executeQuery()) {
                row.next();
                return correction(row);
            }
        } catch (SQLException e) {
            throw new PoolException("storing a correction failed", e);
        }
    }

    /** Corrections, oldest first; null filters match everything. */
    public List<Correction> list(String department, Status status, int limit) {
        List<Correction> found = new ArrayList<>();
        try (Connection connection = dataSource.getConnection();
             PreparedStatement select = connection.prepareStatement("SELECT " + COLUMNS + " FROM correction "
                     + "WHERE (?::text IS NULL OR department = ?) AND (?::text IS NULL OR status = ?) ORDER BY id LIMIT ?")) {
            String statusWord = status == null ? null : status.word();
            select.setString(1, department);
            select.setString(2, department);
            select.setString(3, statusWord);
            select.setString(4, statusWord);
            select.setInt(5, limit);
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    found.add(correction(rows));
                }
            }
        } catch (SQLException e) {
            throw new PoolException("reading corrections failed", e);
        }
        return found;
    }

    public Optional<Correction> find(long id) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement select = connection.prepareStatement("SELECT " + COLUMNS + " FROM correction WHERE id = ?")) {
            select.setLong(1, id);
            try (ResultSet row = select.executeQuery()) {
                return row.next() ? Optional.of(correction(row)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new PoolException("reading a correction failed", e);
        }
    }

    /**
     * Resolves an open correction; empty when there is no open correction with that id (it does not exist,
     * or it was resolved already — {@link #find} tells which).
     */
    public Optional<Correction> resolve(long id, Status outcome, String note, String resolvedBy) {
        if (outcome == Status.OPEN) {
            throw new IllegalArgumentException("a correction is resolved as accepted or rejected");
        }
        try (Connection connection = dataSource.getConnection();
             PreparedStatement update = connection.prepareStatement("UPDATE correction SET status = ?, resolved_at = now(), "
                     + "resolved_by = ?, resolution_note = ? WHERE id = ? AND status = 'open' RETURNING " + COLUMNS)) {
            update.setString(1, outcome.word());
            update.setString(2, resolvedBy);
            update.setString(3, note);
            update.setLong(4, id);
            try (ResultSet row = update.executeQuery()) {
                return row.next() ? Optional.of(correction(row)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new PoolException("resolving a correction failed", e);
        }
    }

    /** The open corrections of one record, oldest first per field. */
    public List<OpenCorrection> openFor(String entity, String subject) {
        List<OpenCorrection> open = new ArrayList<>();
        try (Connection connection = dataSource.getConnection();
             PreparedStatement select = connection.prepareStatement("SELECT id, field, created_at FROM correction "
                     + "WHERE entity = ? AND subject_key = ? AND status = 'open' ORDER BY id")) {
            select.setString(1, entity);
            select.setString(2, subject);
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    open.add(new OpenCorrection(rows.getLong(1), rows.getString(2), rows.getTimestamp(3).toInstant()));
                }
            }
        } catch (SQLException e) {
            throw new PoolException("reading open corrections failed", e);
        }
        return open;
    }

    private static Correction correction(ResultSet row) throws SQLException {
        Dispute dispute = new Dispute(row.getString("entity"), row.getString("subject_key"), row.getString("field"),
                row.getString("proposed_value"), row.getString("note"), row.getString("material"), row.getString("department"),
                row.getString("client_id"), row.getString("purpose"));
        return new Correction(row.getLong("id"), dispute, Status.of(row.getString("status")).orElseThrow(),
                row.getTimestamp("created_at").toInstant(), instant(row.getTimestamp("resolved_at")), row.getString("resolved_by"),
                row.getString("resolution_note"));
    }

    private static Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }
}
