package org.onceonly.pool;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.onceonly.hub.EmbeddedPostgresServer;
import org.onceonly.schema.CanonicalBatch;
import org.onceonly.schema.CanonicalChange;
import org.onceonly.schema.CanonicalRecordMapper;
import org.onceonly.schema.CanonicalSchema;
import org.onceonly.schema.Operation;
import org.onceonly.schema.Origin;
import org.onceonly.schema.SchemaCatalog;

/** A real pool database with the project's schemas, for tests that drive the writer and reader directly. */
final class PoolFixture implements AutoCloseable {
    static final ObjectMapper JSON = new ObjectMapper();
    final EmbeddedPostgresServer server;
    final PoolDatabase database;
    final SchemaCatalog schemas = SchemaCatalog.load(Path.of("schemas"));
    final SchemaRegistry registry;
    final PoolWriter writer;
    final PoolReader reader;

    PoolFixture(Path directory) {
        server = EmbeddedPostgresServer.start(directory, 0);
        database = new PoolDatabase(server.jdbcUrl("postgres"), EmbeddedPostgresServer.SUPERUSER, "embedded");
        database.migrate();
        registry = new SchemaRegistry(database.dataSource());
        registry.register(schemas);
        writer = new PoolWriter(database.dataSource(), registry, schemas);
        reader = new PoolReader(database.dataSource(), registry);
    }

    /** A change as a route would produce it; {@code json} null for a delete. */
    CanonicalChange change(String entity, Operation op, String json, String source, String department, String rowKey,
                           String position, Instant sourceTime) {
        CanonicalSchema schema = schemas.require(entity);
        try {
            return new CanonicalChange(schema, op, json == null ? null : CanonicalRecordMapper.toRecord(schema, JSON.readTree(json)),
                    new Origin(source, department, "t.rows", rowKey, position, sourceTime, false));
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException(e);
        }
    }

    PoolWriter.Outcome apply(CanonicalChange... changes) {
        CanonicalBatch batch = new CanonicalBatch();
        for (CanonicalChange change : changes) {
            batch.add(change);
        }
        return writer.apply(batch, connection -> { });
    }

    void truncate() {
        execute("TRUNCATE contribution, history, golden_record, party_link, conflict, quarantine");
    }

    void execute(String sql) {
        try (Connection connection = database.dataSource().getConnection()) {
            connection.createStatement().execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    List<String> rows(String sql) {
        List<String> rows = new ArrayList<>();
        try (Connection connection = database.dataSource().getConnection(); ResultSet result = connection.createStatement().executeQuery(sql)) {
            int columns = result.getMetaData().getColumnCount();
            while (result.next()) {
                StringBuilder row = new StringBuilder();
                for (int i = 1; i <= columns; i++) {
                    row.append(i > 1 ? " | " : "").append(result.getString(i));
                }
                rows.add(row.toString());
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
        return rows;
    }

    @Override
    public void close() {
        database.close();
        server.close();
    }
}
