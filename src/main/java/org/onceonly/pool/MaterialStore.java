/*
 * Copyright 2026 The OnceOnly Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.onceonly.pool;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import javax.sql.DataSource;

/**
 * Materials in the pool, content-addressed: a file is stored once under {@code sha256:<hex>} of its bytes
 * however many subjects hand it in, and each subject that did gets one link to it. Blobs live in the pool
 * database, so every hub instance on the pool serves them.
 */
public final class MaterialStore {
    private static final String PREFIX = "sha256:";
    private static final Pattern REF = Pattern.compile("sha256:[0-9a-f]{64}");
    private final DataSource dataSource;

    /** The outcome of storing: the reference, and whether the subject's link to it is new. */
    public record Upload(String ref, MaterialType type, long size, String fileName, boolean newLink) {}

    /** A material linked to a subject, as listed for it. */
    public record Linked(String ref, String fileName, String mediaType, long size, String uploadedBy, Instant uploadedAt) {}

    /** A material's bytes and media type. */
    public record Content(String ref, String mediaType, byte[] bytes) {}

    public MaterialStore(DataSource dataSource) {
        this.dataSource = dataSource;
    }


    /** {@code sha256:} and the 64 lower-case hex digits of the content's SHA-256. */
    public static String refOf(byte[] content) {
        return PREFIX + sha256Hex(content);
    }

    public static String sha256Hex(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    /** Whether the text is a reference exactly as this store makes them. */
    public static boolean isRef(String text) {
        return text != null && REF.matcher(text).matches();
    }

    /**
     * Stores the content unless identical content is stored already, and links it to the subject unless it
     * is linked already (the first file name is kept). Safe when several instances store the same file at once.
     */
    public Upload store(String subject, byte[] content, MaterialType type, String fileName, String uploadedBy) {
        String ref = refOf(content);
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                if (!exists(connection, ref)) {
                    try (PreparedStatement insert = connection.prepareStatement(
                            "INSERT INTO material (ref, media_type, size, content) VALUES (?, ?, ?, ?) ON CONFLICT (ref) DO NOTHING")) {
                        insert.setString(1, ref);
                        insert.setString(2, type.mediaType());
                        insert.setLong(3, content.length);
                        insert.setBytes(4, content);
                        insert.executeUpdate();
                    }
                }
                boolean newLink;
                try (PreparedStatement link = connection.prepareStatement("INSERT INTO subject_material (subject, ref, file_name, uploaded_by) "
                        + "VALUES (?, ?, ?, ?) ON CONFLICT (subject, ref) DO NOTHING")) {
                    link.setString(1, subject);
                    link.setString(2, ref);
                    link.setString(3, fileName);
                    link.setString(4, uploadedBy);
                    newLink = link.executeUpdate() == 1;
                }
                connection.commit();
                return new Upload(ref, type, content.length, fileName, newLink);
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new PoolException("storing a material failed", e);
        }
    }

    private static boolean exists(Connection connection, String ref) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("SELECT 1 FROM material WHERE ref = ?")) {
            select.setString(1, ref);
            try (ResultSet row = select.executeQuery()) {
                return row.next();
            }
        }
    }

    /** The materials linked to the subject, oldest upload first. */
    public List<Linked> forSubject(String subject) {
        List<Linked> linked = new ArrayList<>();
        try (Connection connection = dataSource.getConnection();
             PreparedStatement select = connection.prepareStatement("SELECT l.ref, l.file_name, m.media_type, m.size, l.uploaded_by, "
                     + "l.uploaded_at FROM subject_material l JOIN material m USING (ref) WHERE l.subject = ? ORDER BY l.uploaded_at, l.ref")) {
            select.setString(1, subject);
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    linked.add(new Linked(rows.getString(1), rows.getString(2), rows.getString(3), rows.getLong(4), rows.getString(5),
                            rows.getTimestamp(6).toInstant()));
                }
            }
        } catch (SQLException e) {
            throw new PoolException("reading a subject's materials failed", e);
        }
        return linked;
    }

    /** The material's content, only if it is linked to the subject. */
    public Optional<Content> content(String subject, String ref) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement select = connection.prepareStatement("SELECT m.media_type, m.content FROM subject_material l "
                     + "JOIN material m USING (ref) WHERE l.subject = ? AND l.ref = ?")) {
            select.setString(1, subject);
            select.setString(2, ref);
            try (ResultSet row = select.executeQuery()) {
                return row.next() ? Optional.of(new Content(ref, row.getString(1), row.getBytes(2))) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new PoolException("reading a material failed", e);
        }
    }

    /** Whether the material is linked to the subject. */
    public boolean isLinked(String subject, String ref) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement select = connection.prepareStatement("SELECT 1 FROM subject_material WHERE subject = ? AND ref = ?")) {
            select.setString(1, subject);
            select.setString(2, ref);
            try (ResultSet row = select.executeQuery()) {
                return row.next();
            }
        } catch (SQLException e) {
            throw new PoolException("reading a material failed", e);
        }
    }
}
