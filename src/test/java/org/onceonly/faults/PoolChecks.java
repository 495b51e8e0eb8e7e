package org.onceonly.faults;

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
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.onceonly.identity.CitizenId;
import org.onceonly.identity.Masking;

/**
 * Row-by-row comparison of the pool with a department's residents table: one checksum per row over the
 * values the route maps (as the canonical {@code Person} holds them), compared as sets keyed by identity
 * number; and history versions counted per source row.
 */
final class PoolChecks {
    private static final Pattern ROW_ID = Pattern.compile("\\{\"id\":(\\d+)}$");
    private static final DateTimeFormatter DEPARTMENT_DATE = DateTimeFormatter.ofPattern("yyyyMMdd");
    private static final String SEPARATOR = "\u001f";

    private PoolChecks() {}

    /**
     * Identity number → checksum of the resident as the department holds it, in canonical form (the
     * route's citizen_id normalisation and ISO dates). Rows whose identity number is invalid are left out:
     * they cannot be in the pool.
     */
    static Map<String, String> departmentResidents(Connection department, String table) throws SQLException {
        return departmentResidents(department, table, null);
    }

    /** As {@link #departmentResidents(Connection, String)}, for the rows with these ids only (all when null). */
    static Map<String, String> departmentResidents(Connection department, String table, java.util.Set<Long> ids) throws SQLException {
        Map<String, String> rows = new HashMap<>();
        // The table name is the test's own constant.
        try (PreparedStatement select = department.prepareStatement("SELECT sfzh, xm, xb, mz, csrq, hjdz, id FROM " + table);
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

    /** Subject → checksum of the golden Person record's values, in the same form as {@link #departmentResidents}. */
    static Map<String, String> goldenPersons(Connection pool) throws SQLException {
        Map<String, String> rows = new HashMap<>();
        try (PreparedStatement select = pool.prepareStatement(
                "SELECT subject_key, fields->'citizenId'->>'value', fields->'name'->>'value', fields->'gender'->>'value', "
                        + "fields->'ethnicity'->>'value', fields->'birthDate'->>'value', fields->'registeredAddress'->>'value' "
                        + "FROM golden_record WHERE entity = 'Person'");
             ResultSet row = select.executeQuery()) {
            while (row.next()) {
                rows.put(row.getString(1), checksum(row.getString(2), row.getString(3), row.getString(4), row.getString(5),
                        row.getString(6), row.getString(7)));
            }
        }
        return rows;
    }

    /**
     * What differs between two keyed checksum sets, identity numbers masked; empty when they are equal.
     * At most a few keys of each kind are named.
     */
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

    /** Source row id → number of history versions of that row, for one source. */
    static Map<Long, Integer> versionsPerRow(Connection pool, String sourceId) throws SQLException {
        Map<Long, Integer> versions = new TreeMap<>();
        try (PreparedStatement select = pool.prepareStatement(
                "SELECT row_key, count(*) FROM history WHERE source_id = ? GROUP BY row_key")) {
            select.setString(1, sourceId);
            try (ResultSet row = select.executeQuery()) {
                while (row.next()) {
                    versions.put(rowId(row.getString(1)), row.getInt(2));
                }
            }
        }
        return versions;
    }

    /** Source row ids with a live (not deleted) contribution from {@code sourceId}. */
    static java.util.Set<Long> rowsInPool(Connection pool, String sourceId) throws SQLException {
        java.util.Set<Long> ids = new java.util.TreeSet<>();
        try (PreparedStatement select = pool.prepareStatement(
                "SELECT row_key FROM contribution WHERE source_id = ? AND NOT deleted")) {
            select.setString(1, sourceId);
            try (ResultSet row = select.executeQuery()) {
                while (row.next()) {
                    ids.add(rowId(row.getString(1)));
                }
            }
        }
        return ids;
    }

    /** The id in a row key such as {@code hukou.residents/{"id":42}}. */
    static long rowId(String rowKey) {
        Matcher matcher = ROW_ID.matcher(rowKey);
        if (!matcher.find()) {
            throw new IllegalArgumentException("not a residents row key: " + rowKey);
        }
        return Long.parseLong(matcher.group(1));
    }

    /** How a check reaches a department's database. */
    @FunctionalInterface
    interface Connector {
        Connection connect() throws SQLException;
    }

    /** History versions the pool holds from a source, or -1 while the pool cannot be reached. */
    static long versions(PoolServer pool, String sourceId) {
        try (Connection connection = pool.connect()) {
            return count(connection, "SELECT count(*) FROM history WHERE source_id = ?", sourceId);
        } catch (SQLException poolDown) {
            return -1;
        }
    }

    /** Waits until the pool holds at least {@code more} history versions from the source than now. */
    static void awaitMoreVersions(PoolServer pool, String sourceId, long more, java.time.Duration patience) {
        long before = versions(pool, sourceId);
        org.awaitility.Awaitility.await().atMost(patience).until(() -> versions(pool, sourceId) >= before + more);
    }

    /**
     * Waits until the pool's golden Person records equal the department's residents row by row, then checks
     * that history holds exactly the ledger's versions of every row.
     */
    static void awaitPoolEqualsDepartment(PoolServer pool, Connector department, String table, String sourceId,
                                          ChangeLedger ledger, java.time.Duration patience) throws SQLException {
        awaitPoolEqualsDepartment(pool, department, table, patience);
        try (Connection connection = pool.connect()) {
            org.assertj.core.api.Assertions.assertThat(versionsPerRow(connection, sourceId)).isEqualTo(ledger.expectedVersions());
        }
    }

    /** Waits until the pool's golden Person records equal the department's residents, row by row. */
    static void awaitPoolEqualsDepartment(PoolServer pool, Connector department, String table, java.time.Duration patience) {
        org.awaitility.Awaitility.await().atMost(patience).pollInterval(java.time.Duration.ofMillis(500)).untilAsserted(() -> {
            try (Connection departmentDb = department.connect(); Connection poolDb = pool.connect()) {
                org.assertj.core.api.Assertions.assertThat(differences(departmentResidents(departmentDb, table), goldenPersons(poolDb)))
                        .isEmpty();
            }
        });
    }

    /** The first column of the first row of a parameterised query, as a number. */
    static long count(Connection connection, String sql, Object... parameters) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                select.setObject(i + 1, parameters[i]);
            }
            try (ResultSet row = select.executeQuery()) {
                row.next();
                return row.getLong(1);
            }
        }
    }

    static String checksum(String... values) {
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
