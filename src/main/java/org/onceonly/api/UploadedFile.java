package org.onceonly.api;

import jakarta.activation.DataHandler;
import jakarta.activation.DataSource;
import jakarta.activation.FileDataSource;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.util.List;
import java.util.Locale;
import org.apache.camel.Exchange;
import org.apache.camel.attachment.AttachmentMessage;

/**
 * The one file part of a {@code multipart/form-data} request. The Vert.x body handler has written it to the
 * hub's upload directory (deleted when the response ends) and Camel hands it over as an attachment; here
 * it is checked for presence and size before a byte of it is read into memory.
 *
 * @param declaredType what the client says it is: the type of the file name's extension, else the part's
 *                     {@code Content-Type} (as Camel reports a single upload); null when neither says
 */
public record UploadedFile(String fileName, String declaredType, byte[] content) {
    private static final int MAX_FILE_NAME = 255;

    public static boolean isMultipart(Exchange exchange) {
        String type = exchange.getMessage().getHeader(Exchange.CONTENT_TYPE, String.class);
        return type != null && type.toLowerCase(Locale.ROOT).startsWith("multipart/form-data");
    }

    /** The file part {@code part}: refused when missing, not the only file, empty or over {@code maxBytes}. */
    public static UploadedFile read(Exchange exchange, String part, long maxBytes) {
        AttachmentMessage message = exchange.getMessage(AttachmentMessage.class);
        DataHandler handler = message.hasAttachments() ? message.getAttachment(part) : null;
        if (handler == null) {
            throw Refusal.badRequest("missing_part", "part '" + part + "' is missing: send the file as a multipart file part "
                    + "named '" + part + "' (with a filename)");
        }
        if (message.getAttachmentNames().size() > 1) {
            throw Refusal.badRequest("invalid_part", "send exactly one file part, '" + part + "'; found "
                    + message.getAttachmentNames().size());
        }
        DataSource source = handler.getDataSource();
        File file = source instanceof FileDataSource fileSource ? fileSource.getFile() : null;
        long size = file != null ? file.length() : -1;
        if (size > maxBytes) {
            throw new Refusal(413, "too_large", "part '" + part + "' is " + size + " bytes; the hub accepts up to " + maxBytes
                    + " bytes (materials.maxUploadMb)");
        }
        byte[] content;
        try (InputStream in = file != null ? Files.newInputStream(file.toPath()) : source.getInputStream()) {
            content = in.readNBytes((int) Math.min(maxBytes + 1, Integer.MAX_VALUE - 8));
        } catch (IOException e) {
            throw new IllegalStateException("the uploaded part could not be read: " + e.getClass().getSimpleName(), e);
        }
        if (content.length > maxBytes) {
            throw new Refusal(413, "too_large", "part '" + part + "' is over the " + maxBytes + " bytes the hub accepts (materials.maxUploadMb)");
        }
        if (content.length == 0) {
            throw Refusal.badRequest("invalid_part", "part '" + part + "' is empty");
        }
        String declared = message.getHeader(Exchange.FILE_CONTENT_TYPE, String.class);
        return new UploadedFile(fileName(source.getName()), declared, content);
    }

    /** A form field of the multipart request; refused when missing or given twice. */
    public static String field(Exchange exchange, String name) {
        Object value = exchange.getMessage().getHeader(name);
        if (value instanceof List<?>) {
            throw Refusal.badRequest("invalid_part", "part '" + name + "' is given more than once");
        }
        if (value == null || value.toString().isBlank()) {
            throw Refusal.badRequest("missing_part", "part '" + name + "' is missing");
        }
        return value.toString();
    }

    /** An optional form field; null when absent. */
    public static String optionalField(Exchange exchange, String name) {
        Object value = exchange.getMessage().getHeader(name);
        return value == null || value.toString().isBlank() ? null : field(exchange, name);
    }

    /** The name's last path segment without control characters, at most 255 characters; never blank. */
    private static String fileName(String raw) {
        String name = raw == null ? "" : raw;
        name = name.substring(Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\')) + 1);
        name = name.replaceAll("\\p{Cntrl}", "").strip();
        if (name.length() > MAX_FILE_NAME) {
            name = name.substring(name.length() - MAX_FILE_NAME);
        }
        return name.isEmpty() ? "unnamed" : name;
    }
}
