/*
 * Copyright 2026 The OnceOnly Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.onceonly.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.onceonly.identity.CitizenId;
import org.onceonly.identity.Masking;
import org.onceonly.pool.PoolReader;

/**
 * Residents compared row by row: one checksum per resident over the values the household register's route
 * maps, in canonical form (the route's {@code citizen_id} normalisation, ISO dates), keyed by identity number,
 * for the department's table and for the pool's golden {@code Person} records alike.
 */
final class ResidentComparison {
    private static final DateTimeFormatter DEPARTMENT_DATE = DateTimeFormatter.ofPattern("yyyyMMdd");
    private static final String SEPARATOR = "\u001f";

    private ResidentComparison() {}

    /**
     * Identity number → checksum of each resident as the department holds it (only rows with these ids when
     * {@code ids} is not null). Rows with an invalid identity number are left out: they cannot be in the pool.
     */
    static Map<String, String> department(ResidentsTable table, Set<Long> ids) throws SQLException {
        Map<String, String> rows = new HashMap<>();
        // The table name is the kit's or the test's own constant.
        try (Connection connection = table.connect();
             PreparedStatement select = connection.prepareStatement("SELECT sfzh, xm, xb, mz, csrq, hjdz, id FROM " + table.residentsTable());
             ResultSet row = select.executeQuery()) {
            while (row.next()) {
                if (ids != null && !ids.contains(row.getLong(7))) {
                    continue;
                }
                if (row.getString(1) == null || !CitizenId.isValid(row.getString(1))) {
                    continue;
                }
                String citizenId = CitizenId.parse(row.getString(1)).value();
                String birthDate = row.getString(5) == null ? null : LocalDate.parse(row.getString(5), DEPARTMENT_DATE).toString();
                rows.put(citizenId, checksum(citizenId, row.getString(2), row.getString(3), row.getString(4), birthDate, row.getString(6)));
            }
        }
        return rows;
    }

    /** Subject → checksum of each golden Person record's values, in the same form as {@link #department}. */
    static Map<String, String> pool(PoolView pool) {
        Map<String, String> rows = new HashMap<>();
        for (PoolReader.GoldenRecord person : pool.golden("Person")) {
            JsonNode fields = person.fields();
            rows.put(person.subject(), checksum(value(fields, "citizenId"), value(fields, "name"), value(fields, "gender"),
                    value(fields, "ethnicity"), value(fields, "birthDate"), value(fields, "registeredAddress")));
        }
        return rows;
    }

    private static String value(JsonNode fields, String field) {
        JsonNode value = fields.path(field).path("value");
        return value.isMissingNode() || value.isNull() ? null : value.asText();
    }

    /** What differs between two keyed checksum sets, identity numbers masked; empty when they are equal. */
    static List<String> differences(Map<String, String> department, Map<String, String> pool) {
        List<String> missing = new ArrayList<>();
        List<String> differing = new ArrayList<>();
        List<String> extra = new ArrayList<>();
        department.forEach((key, sum) -> {
            if (!pool.containsKey(key)) {
                missing.add(key);
            } else if (!pool.get(key).equals(sum)) {
                differing.add(key);
            }
        });
        pool.keySet().stream().filter(key -> !department.containsKey(key)).forEach(extra::add);
        List<String> out = new ArrayList<>();
        describe(out, "missing from the pool", missing);
        describe(out, "different in the pool", differing);
        describe(out, "in the pool but not in the department", extra);
        return out;
    }

    private static void describe(List<String> out, String what, List<String> keys) {
        if (!keys.isEmpty()) {
            out.add(keys.size() + " " + what + ", e.g. " + keys.stream().limit(5).map(Masking::mask).toList());
        }
    }

    private static String checksum(String... values) {
        StringBuilder text = new StringBuilder();
        for (String value : values) {
            // null and empty differ; the separator cannot occur in the data the tests write
            text.append(value == null ? "\u0000" : value).append(SEPARATOR);
        }
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.toString().getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
