package org.onceonly.pool;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Comparator;
import java.util.List;
import org.apache.avro.generic.GenericRecord;
import org.onceonly.schema.AvroJson;
import org.onceonly.schema.CanonicalSchema;

/**
 * Survivorship: per field, among the contributions that have a value, the most authoritative department
 * (the schema's {@code authority} order; unlisted departments rank after listed ones) wins; ties go to the
 * newer source time, then the greater position. Each field keeps its provenance.
 */
final class GoldenRecordBuilder {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private GoldenRecordBuilder() {}

    /** The golden record's fields as {@code {field: {value, source, department, asOf, position}}}. */
    static ObjectNode build(CanonicalSchema schema, List<Contribution> contributions) {
        ObjectNode fields = NODES.objectNode();
        for (String field : schema.fieldNames()) {
            List<String> authority = schema.authorityFor(field);
            Comparator<Contribution> order = Comparator
                    .comparingInt((Contribution c) -> rank(authority, c.provenance().department()))
                    .thenComparing((Contribution c) -> c.provenance().asOf(), Comparator.reverseOrder())
                    .thenComparing((Contribution c) -> c.provenance().position(), Comparator.reverseOrder());
            contributions.stream()
                    .filter(c -> c.record().get(field) != null)
                    .min(order)
                    .ifPresent(winner -> fields.set(field, fieldNode(winner.record(), field, winner.provenance())));
        }
        return fields;
    }

    private static int rank(List<String> authority, String department) {
        int index = authority.indexOf(department);
        return index < 0 ? authority.size() : index;
    }

    private static JsonNode fieldNode(GenericRecord record, String field, Provenance provenance) {
        ObjectNode node = NODES.objectNode();
        node.set("value", AvroJson.toJson(record.get(field)));
        node.put("source", provenance.source());
        node.put("department", provenance.department());
        node.put("asOf", provenance.asOf().toString());
        node.put("position", provenance.position());
        return node;
    }
}
