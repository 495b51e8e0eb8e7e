package org.onceonly.pool;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import org.onceonly.schema.FieldViolation;
import org.onceonly.schema.Rejection;

/** Holds changes that could not become canonical records, with the raw envelope and every reason. */
public final class Quarantine {
    private Quarantine() {}

    static void hold(Connection connection, List<Rejection> rejections) throws SQLException {
        if (rejections.isEmpty()) {
            return;
        }
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO quarantine (source_id, source_table, row_key, position, route_id, envelope, reasons) "
                        + "VALUES (?, ?, ?, ?, ?, ?::jsonb, ?::jsonb)")) {
            for (Rejection rejection : rejections) {
                insert.setString(1, rejection.origin().sourceId());
                insert.setString(2, rejection.origin().table());
                insert.setString(3, rejection.origin().sourceKey());
                insert.setString(4, rejection.origin().position());
                insert.setString(5, rejection.routeId());
                insert.setString(6, rejection.envelopeJson());
                insert.setString(7, reasonsJson(rejection.reasons()));
                insert.addBatch();
            }
            insert.executeBatch();
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
