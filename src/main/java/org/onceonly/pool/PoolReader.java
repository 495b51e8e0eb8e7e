package org.onceonly.pool;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Optional;
import javax.sql.DataSource;

/** Reads golden records for the API. */
public final class PoolReader {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final DataSource dataSource;

    public PoolReader(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** A subject's golden record for an entity: each field as {value, source, department, asOf, position}. */
    public record GoldenRecord(String entity, String subject, ObjectNode fields, Instant updatedAt) {}

    public Optional<GoldenRecord> golden(String entity, String subject) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement select = connection.prepareStatement(
                     "SELECT fields, updated_at FROM golden_record WHERE entity = ? AND subject_key = ?")) {
            select.setString(1, entity);
            select.setString(2, subject);
            try (ResultSet row = select.executeQuery()) {
                if (!row.next()) {
                    return Optional.empty();
                }
                return Optional.of(new GoldenRecord(entity, subject, (ObjectNode) JSON.readTree(row.getString(1)),
                        row.getTimestamp(2).toInstant()));
            }
        } catch (SQLException | IOException e) {
            throw new PoolException("reading a golden record failed", e);
        }
    }
}
