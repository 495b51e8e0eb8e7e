package org.onceonly.pool.golden;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.onceonly.schema.CanonicalSchema;

/**
 * Writes what is derived from a subject's live contributions: its golden record, the subjects it names
 * (party links) and the departments' disagreements. All three are replaced together, in the caller's
 * transaction, so they never describe different states.
 */
public final class GoldenRecordStore {
    private GoldenRecordStore() {}

    public static void replace(Connection connection, CanonicalSchema schema, Map<String, List<Contribution>> bySubject)
            throws SQLException {
        String entity = schema.entity();
        Array subjects = connection.createArrayOf("text", bySubject.keySet().toArray(String[]::new));
        for (String table : List.of("party_link", "conflict")) {
            try (PreparedStatement clear = connection.prepareStatement(
                    "DELETE FROM " + table + " WHERE entity = ? AND subject_key = ANY(?)")) {
                clear.setString(1, entity);
                clear.setArray(2, subjects);
                clear.executeUpdate();
            }
        }
        List<String> kept = new ArrayList<>();
        List<String> fields = new ArrayList<>();
        List<String> emptied = new ArrayList<>();
        try (PreparedStatement link = connection.prepareStatement(
                     "INSERT INTO party_link (entity, subject_key, party_entity, party_key, field) VALUES (?, ?, ?, ?, ?) "
                             + "ON CONFLICT DO NOTHING");
             PreparedStatement conflict = connection.prepareStatement(
                     "INSERT INTO conflict (entity, subject_key, field, departments, candidates) VALUES (?, ?, ?, ?, ?::jsonb)")) {
            boolean links = false;
            boolean conflicts = false;
            for (Map.Entry<String, List<Contribution>> entry : bySubject.entrySet()) {
                String subject = entry.getKey();
                if (entry.getValue().isEmpty()) {
                    emptied.add(subject);
                    continue;
                }
                GoldenRecordBuilder.Result golden = GoldenRecordBuilder.build(schema, entry.getValue());
                kept.add(subject);
                fields.add(golden.fields().toString());
                for (PartyLinks.Link party : PartyLinks.of(schema, golden.fields())) {
                    link.setString(1, entity);
                    link.setString(2, subject);
                    link.setString(3, party.partyEntity());
                    link.setString(4, party.partyKey());
                    link.setString(5, party.field());
                    link.addBatch();
                    links = true;
                }
                for (GoldenRecordBuilder.Conflict disagreement : golden.conflicts()) {
                    conflict.setString(1, entity);
                    conflict.setString(2, subject);
                    conflict.setString(3, disagreement.field());
                    conflict.setArray(4, connection.createArrayOf("text", disagreement.departments().toArray(String[]::new)));
                    conflict.setString(5, disagreement.candidates().toString());
                    conflict.addBatch();
                    conflicts = true;
                }
            }
            upsert(connection, entity, kept, fields);
            delete(connection, entity, emptied);
            if (links) {
                link.executeBatch();
            }
            if (conflicts) {
                conflict.executeBatch();
            }
        }
    }

    /** Every kept subject's golden record in one statement: subjects and their fields as two arrays. */
    private static void upsert(Connection connection, String entity, List<String> subjects, List<String> fields) throws SQLException {
        if (subjects.isEmpty()) {
            return;
        }
        try (PreparedStatement upsert = connection.prepareStatement(
                "INSERT INTO golden_record (entity, subject_key, fields, updated_at) "
                        + "SELECT ?, g.subject_key, g.fields::jsonb, now() FROM unnest(?::text[], ?::text[]) AS g(subject_key, fields) "
                        + "ON CONFLICT (entity, subject_key) DO UPDATE SET fields = EXCLUDED.fields, updated_at = now()")) {
            upsert.setString(1, entity);
            upsert.setArray(2, connection.createArrayOf("text", subjects.toArray(String[]::new)));
            upsert.setArray(3, connection.createArrayOf("text", fields.toArray(String[]::new)));
            upsert.executeUpdate();
        }
    }

    /** Subjects left without live contributions have no golden record. */
    private static void delete(Connection connection, String entity, List<String> subjects) throws SQLException {
        if (subjects.isEmpty()) {
            return;
        }
        try (PreparedStatement delete = connection.prepareStatement(
                "DELETE FROM golden_record WHERE entity = ? AND subject_key = ANY(?::text[])")) {
            delete.setString(1, entity);
            delete.setArray(2, connection.createArrayOf("text", subjects.toArray(String[]::new)));
            delete.executeUpdate();
        }
    }
}
