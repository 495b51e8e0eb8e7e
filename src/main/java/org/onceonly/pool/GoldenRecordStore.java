package org.onceonly.pool;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import org.onceonly.schema.CanonicalSchema;

/**
 * Writes what is derived from a subject's live contributions: its golden record, the subjects it names
 * (party links) and the departments' disagreements. All three are replaced together, in the caller's
 * transaction, so they never describe different states.
 */
final class GoldenRecordStore {
    private GoldenRecordStore() {}

    static void replace(Connection connection, CanonicalSchema schema, Map<String, List<Contribution>> bySubject)
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
        try (PreparedStatement upsert = connection.prepareStatement(
                "INSERT INTO golden_record (entity, subject_key, fields, updated_at) VALUES (?, ?, ?::jsonb, now()) "
                        + "ON CONFLICT (entity, subject_key) DO UPDATE SET fields = EXCLUDED.fields, updated_at = now()");
             PreparedStatement delete = connection.prepareStatement("DELETE FROM golden_record WHERE entity = ? AND subject_key = ?");
             PreparedStatement link = connection.prepareStatement(
                     "INSERT INTO party_link (entity, subject_key, party_entity, party_key, field) VALUES (?, ?, ?, ?, ?) "
                             + "ON CONFLICT DO NOTHING");
             PreparedStatement conflict = connection.prepareStatement(
                     "INSERT INTO conflict (entity, subject_key, field, departments, candidates) VALUES (?, ?, ?, ?, ?::jsonb)")) {
            for (Map.Entry<String, List<Contribution>> entry : bySubject.entrySet()) {
                String subject = entry.getKey();
                if (entry.getValue().isEmpty()) {
                    delete.setString(1, entity);
                    delete.setString(2, subject);
                    delete.addBatch();
                    continue;
                }
                GoldenRecordBuilder.Result golden = GoldenRecordBuilder.build(schema, entry.getValue());
                upsert.setString(1, entity);
                upsert.setString(2, subject);
                upsert.setString(3, golden.fields().toString());
                upsert.addBatch();
                for (PartyLinks.Link party : PartyLinks.of(schema, golden.fields())) {
                    link.setString(1, entity);
                    link.setString(2, subject);
                    link.setString(3, party.partyEntity());
                    link.setString(4, party.partyKey());
                    link.setString(5, party.field());
                    link.addBatch();
                }
                for (GoldenRecordBuilder.Conflict disagreement : golden.conflicts()) {
                    conflict.setString(1, entity);
                    conflict.setString(2, subject);
                    conflict.setString(3, disagreement.field());
                    conflict.setArray(4, connection.createArrayOf("text", disagreement.departments().toArray(String[]::new)));
                    conflict.setString(5, disagreement.candidates().toString());
                    conflict.addBatch();
                }
            }
            upsert.executeBatch();
            delete.executeBatch();
            link.executeBatch();
            conflict.executeBatch();
        }
    }
}
