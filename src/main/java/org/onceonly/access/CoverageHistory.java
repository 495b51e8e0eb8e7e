/*
 * Copyright 2026 The OnceOnly Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.onceonly.access;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.onceonly.pool.PoolException;

/**
 * A form's coverage over time: its prefills of a recent period counted in equal time buckets, each with the
 * share of fields filled and of materials supplied — the numbers a service owner holds against the 30 % and
 * 40 % targets, as a series. Read from the same prefill outcomes as {@link PrefillStatistics#coverage}; no
 * personal data is involved.
 */
public final class CoverageHistory {
    private final DataSource dataSource;

    /** One time bucket: its start, the prefills in it and what they filled. */
    public record Bucket(Instant start, long prefills, long fieldsAsked, long fieldsFilled, long materialsAsked, long materialsSupplied) {
        public double fieldShare() {
            return fieldsAsked == 0 ? 0 : (double) fieldsFilled / fieldsAsked;
        }

        public double materialShare() {
            return materialsAsked == 0 ? 0 : (double) materialsSupplied / materialsAsked;
        }
    }

    public CoverageHistory(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** The buckets of width {@code bucket} over the last {@code period} that hold at least one prefill of {@code form}, oldest first. */
    public List<Bucket> of(String form, Duration period, Duration bucket) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement select = connection.prepareStatement("""
                     SELECT to_timestamp(floor(extract(epoch FROM at) / ?) * ?), count(*), sum(fields_asked),
                            sum(cardinality(fields_filled)), sum(materials_asked), sum(cardinality(materials_supplied))
                       FROM prefill_outcome
                      WHERE form = ? AND at >= now() - make_interval(secs => ?)
                      GROUP BY 1 ORDER BY 1""")) {
            select.setLong(1, bucket.toSeconds());
            select.setLong(2, bucket.toSeconds());
            select.setString(3, form);
            select.setLong(4, period.toSeconds());
            List<Bucket> buckets = new ArrayList<>();
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    buckets.add(new Bucket(rows.getTimestamp(1).toInstant(), rows.getLong(2), rows.getLong(3), rows.getLong(4),
                            rows.getLong(5), rows.getLong(6)));
                }
            }
            return buckets;
        } catch (SQLException e) {
            throw new PoolException("reading the coverage history of form " + form + " failed", e);
        }
    }
}
