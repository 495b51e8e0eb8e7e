/*
 * Copyright 2026 The OnceOnly Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.onceonly.pool;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.onceonly.schema.CanonicalBatch;
import org.onceonly.schema.CanonicalChange;
import org.onceonly.schema.CanonicalRecordMapper;
import org.onceonly.schema.CanonicalSchema;
import org.onceonly.schema.Operation;
import org.onceonly.schema.Origin;
import org.onceonly.schema.SchemaCatalog;
import org.onceonly.testkit.PoolView;
import org.onceonly.testkit.TestPool;

/**
 * A pool database of the test kit with the project's schemas registered, and the writer and reader on it,
 * for tests that drive them directly. {@link #empty()} takes it back to just after set-up.
 */
final class PoolFixture implements AutoCloseable {
    static final ObjectMapper JSON = new ObjectMapper();
    final TestPool pool;
    final PoolDatabase database;
    final SchemaCatalog schemas = SchemaCatalog.load(Path.of("schemas"));
    final SchemaRegistry registry;
    final PoolWriter writer;
    final PoolReader reader;
    final PoolView view;

    PoolFixture(TestPool pool) {
        this.pool = pool;
        database = new PoolDatabase(pool.jdbcUrl(), pool.user(), pool.password());
        registry = new SchemaRegistry(database.dataSource());
        registry.register(schemas);
        writer = new PoolWriter(database.dataSource(), registry);
        reader = new PoolReader(database.dataSource(), registry);
        view = pool.view();
        pool.database().baseline();
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

    /** Every change the pool applied is gone; the registered schemas stay. */
    void empty() {
        pool.database().reset();
    }

    /** The positions of a source's versions, in position order. */
    List<String> historyPositions(String source) {
        return view.history(source).stream().map(PoolReader.Version::position).sorted().toList();
    }

    /** The positions of the rows a source contributes now. */
    List<String> livePositions(String source) {
        return reader.liveRows(source).stream().map(PoolReader.LiveRow::position).toList();
    }

    @Override
    public void close() {
        database.close();
    }
}
