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
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.onceonly.testkit.PoolView;
import org.onceonly.testkit.TestPool;
import org.onceonly.testkit.TestPostgres;

/**
 * A pool database of the test kit with the project's schemas registered, and the writer and reader on it,
 * for tests that drive them directly. {@link #empty()} takes it back to just after set-up.
 *
 * <p>In a Jupiter test class, {@code @RegisterExtension static final PoolFixture pool = new PoolFixture();}
 * takes an empty pool database before the class's tests, empties it before each one and drops it after them.
 * Elsewhere (jqwik, which has no Jupiter extensions), {@link #PoolFixture(TestPool)} sets up at once and
 * {@link #close()} is the caller's.
 */
final class PoolFixture implements BeforeAllCallback, BeforeEachCallback, AfterAllCallback, AutoCloseable {
    static final ObjectMapper JSON = new ObjectMapper();
    /** Residents the pool tests share (valid GB 11643 numbers), and two source times a day apart. */
    static final String ZHANG = "11010519491231002X";
    static final String LI = "110105194912310011";
    static final String WANG = "110105194912310046";
    static final Instant T1 = Instant.parse("2026-01-01T08:00:00Z");
    static final Instant T2 = Instant.parse("2026-01-02T08:00:00Z");
    final SchemaCatalog schemas = SchemaCatalog.load(Path.of("schemas"));
    TestPool pool;
    PoolDatabase database;
    SchemaRegistry registry;
    PoolWriter writer;
    PoolReader reader;
    PoolView view;
    /** Whether this fixture took the pool database itself (and so drops it). */
    private boolean ownsPool;

    /** Set up by the extension's callbacks. */
    PoolFixture() {}

    PoolFixture(TestPool pool) {
        open(pool);
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        if (pool == null) { // a nested class inherits the extension: one pool for the outer class and its nested ones
            ownsPool = true;
            open(TestPool.on(TestPostgres.shared(context)));
        }
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        empty();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (context.getParent().flatMap(ExtensionContext::getTestClass).isEmpty()) {
            close(); // the outermost class's end
        }
    }

    private void open(TestPool testPool) {
        this.pool = testPool;
        database = new PoolDatabase(testPool.jdbcUrl(), testPool.user(), testPool.password());
        registry = new SchemaRegistry(database.dataSource());
        registry.register(schemas);
        writer = new PoolWriter(database.dataSource(), registry);
        reader = new PoolReader(database.dataSource(), registry);
        view = testPool.view();
        testPool.database().baseline();
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
        try {
            if (database != null) {
                database.close();
            }
        } finally {
            if (ownsPool && pool != null) {
                pool.close();
            }
            database = null;
            pool = null;
        }
    }
}
