package org.onceonly.access;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import org.onceonly.identity.Masking;

/** The masked form of a field value: text keeps its first three and last two characters, anything else is starred. */
public final class MaskedValue {
    private MaskedValue() {}

    public static JsonNode of(JsonNode value) {
        if (value == null || value.isNull()) {
            return value;
        }
        return TextNode.valueOf(value.isTextual() ? Masking.mask(value.asText()) : "******");
    }
}
