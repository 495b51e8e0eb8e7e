package org.onceonly.api.v1;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.apache.camel.Exchange;
import org.onceonly.access.AccessDenied;
import org.onceonly.access.AccessEvent;
import org.onceonly.access.AccessLog;
import org.onceonly.access.AccessPolicy;
import org.onceonly.access.Client;
import org.onceonly.access.Disclosure;
import org.onceonly.access.Grant;
import org.onceonly.api.ApiError;
import org.onceonly.api.ApiRoutes;
import org.onceonly.api.Authentication;
import org.onceonly.api.Disputes;
import org.onceonly.api.Json;
import org.onceonly.identity.CitizenId;
import org.onceonly.identity.InvalidIdentifierException;
import org.onceonly.pool.PoolReader;
import org.onceonly.schema.CanonicalSchema;
import org.onceonly.schema.SchemaCatalog;

/**
 * The pool's public read API, for platform clients under a granted purpose (header {@code X-Purpose}).
 * Each field is shown, masked or withheld by the access policy, and every read is written to the access
 * log before the response leaves.
 * <ul>
 *   <li>{@code GET /v1/subjects/{id}}: everything about a subject — records keyed by it and records naming it;</li>
 *   <li>{@code GET /v1/subjects/{id}/{entity}[?asOf=][&fields=a,b]}: one entity — the record keyed by the id,
 *       or the records naming it (a person's marriages); {@code asOf} reads the state at a past instant;
 *       {@code fields} asks for named fields only, and is refused (403) if any of them is not granted;</li>
 *   <li>{@code GET /health}.</li>
 * </ul>
 */
public final class SubjectApi extends ApiRoutes {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    // What the pool's timestamps can hold; outside it an instant would fail in the database, not here.
    private static final Instant EARLIEST = Instant.parse("0001-01-01T00:00:00Z");
    private static final Instant LATEST = Instant.parse("9999-12-31T23:59:59Z");
    private final SchemaCatalog schemas;
    private final PoolReader reader;
    private final AccessLog accessLog;
    private final Disputes disputes;

    public SubjectApi(Authentication authentication, SchemaCatalog schemas, PoolReader reader, AccessLog accessLog, Disputes disputes) {
        super(authentication);
        this.schemas = schemas;
        this.reader = reader;
        this.accessLog = accessLog;
        this.disputes = disputes;
    }

    @Override
    protected void endpoints() {
        rest("/v1/subjects")
                .get("/{subjectId}").produces("application/json").to("direct:api-subject")
                .get("/{subjectId}/{entity}").produces("application/json").to("direct:api-subject-entity");
        rest("/health")
                .get().produces("application/json").to("direct:api-health");

        from("direct:api-subject").routeId("api-subject").process(platformClient()).process(this::picture);
        from("direct:api-subject-entity").routeId("api-subject-entity").process(platformClient()).process(this::subjectEntity);
        from("direct:api-health").routeId("api-health").process(exchange ->
                Json.respond(exchange, 200, NODES.objectNode().put("status", "UP")));
    }

    private void picture(Exchange exchange) {
        Client client = caller(exchange);
        Grant grant = AccessPolicy.grantFor(client, purpose(exchange));
        Optional<String> subject = subjectKey(exchange, null);
        if (subject.isEmpty()) {
            return;
        }
        List<PoolReader.GoldenRecord> records = reader.picture(subject.get());
        if (records.isEmpty()) {
            ApiError.respond(exchange, 404, "not_found", "the pool holds nothing about this subject");
            return;
        }
        ObjectNode byEntity = NODES.objectNode();
        List<String> logged = new ArrayList<>();
        for (PoolReader.GoldenRecord record : records) {
            CanonicalSchema schema = schemas.find(record.entity()).orElse(null);
            if (schema != null) {
                Disclosure disclosure = Disclosure.of(grant, schema, record.fields(), List.of());
                logged.addAll(disclosure.loggedFields());
                ((ArrayNode) byEntity.withArray(record.entity())).add(recordJson(schema, record.subject(), record.roles(), disclosure));
            }
        }
        if (logged.isEmpty()) {
            throw new AccessDenied("field_not_granted", "purpose '" + grant.purpose() + "' grants no field the pool holds for this subject");
        }
        accessLog.append(AccessEvent.of(client, grant.purpose(), "read", subject.get(), distinct(logged)));
        ObjectNode body = NODES.objectNode().put("subject", subject.get()).put("purpose", grant.purpose());
        body.set("records", byEntity);
        Json.respond(exchange, 200, body);
    }

    private void subjectEntity(Exchange exchange) {
        Client client = caller(exchange);
        Grant grant = AccessPolicy.grantFor(client, purpose(exchange));
        String entity = exchange.getMessage().getHeader("entity", String.class);
        Optional<CanonicalSchema> schema = schemas.find(entity);
        if (schema.isEmpty()) {
            ApiError.respond(exchange, 404, "unknown_entity", "no entity named '" + printable(entity) + "'");
            return;
        }
        Optional<List<String>> requested = requestedFields(exchange, schema.get());
        if (requested.isEmpty()) {
            return;
        }
        Optional<String> subject = subjectKey(exchange, schema.get());
        if (subject.isEmpty()) {
            return;
        }
        String asOfText = exchange.getMessage().getHeader("asOf", String.class);
        Instant asOf = null;
        if (asOfText != null) {
            try {
                asOf = OffsetDateTime.parse(asOfText).toInstant();
            } catch (DateTimeParseException e) {
                asOf = null;
            }
            if (asOf == null || asOf.isBefore(EARLIEST) || asOf.isAfter(LATEST)) {
                ApiError.respond(exchange, 400, "invalid_parameter",
                        "asOf must be an ISO-8601 instant from the year 1 to 9999, such as 2026-01-01T00:00:00Z");
                return;
            }
        }
        Optional<ObjectNode> own = asOf == null
                ? reader.golden(schema.get().entity(), subject.get()).map(PoolReader.GoldenRecord::fields)
                : reader.asOf(schema.get(), subject.get(), asOf);
        if (own.isPresent()) {
            Disclosure disclosure = disclose(grant, schema.get(), own.get(), requested.get());
            disputes.mark(schema.get().entity(), subject.get(), disclosure.shown());
            accessLog.append(AccessEvent.of(client, grant.purpose(), "read", subject.get(), disclosure.loggedFields()));
            ObjectNode body = NODES.objectNode().put("subject", subject.get()).put("entity", schema.get().entity())
                    .put("purpose", grant.purpose());
            if (asOf != null) {
                body.put("asOf", asOf.toString());
            }
            body.set("fields", disclosure.shown());
            withheld(body, disclosure);
            Json.respond(exchange, 200, body);
            return;
        }
        List<PoolReader.GoldenRecord> naming = reader.naming(schema.get().entity(), subject.get());
        ArrayNode records = NODES.arrayNode();
        List<String> logged = new ArrayList<>();
        for (PoolReader.GoldenRecord record : naming) {
            Optional<ObjectNode> fields = asOf == null ? Optional.of(record.fields()) : reader.asOf(schema.get(), record.subject(), asOf);
            if (fields.isPresent()) {
                Disclosure disclosure = disclose(grant, schema.get(), fields.get(), requested.get());
                logged.addAll(disclosure.loggedFields());
                records.add(recordJson(schema.get(), record.subject(), record.roles(), disclosure));
            }
        }
        if (records.isEmpty()) {
            ApiError.respond(exchange, 404, "not_found", "the pool holds no " + schema.get().entity() + " record for this subject"
                    + (asOf == null ? "" : " as of " + asOf));
            return;
        }
        accessLog.append(AccessEvent.of(client, grant.purpose(), "read", subject.get(), distinct(logged)));
        ObjectNode body = NODES.objectNode().put("subject", subject.get()).put("entity", schema.get().entity())
                .put("purpose", grant.purpose());
        if (asOf != null) {
            body.put("asOf", asOf.toString());
        }
        body.set("records", records);
        Json.respond(exchange, 200, body);
    }

    /** The record as the grant lets the client see it; all-or-nothing when fields are named. */
    private static Disclosure disclose(Grant grant, CanonicalSchema schema, ObjectNode stored, List<String> requested) {
        Disclosure disclosure = Disclosure.of(grant, schema, stored, requested).requireAll(schema.entity(), requested);
        if (disclosure.loggedFields().isEmpty()) {
            throw new AccessDenied("field_not_granted", "purpose '" + grant.purpose() + "' grants no field of " + schema.entity()
                    + (disclosure.withheld().isEmpty() ? "" : "; for example " + disclosure.withheld().values().iterator().next()));
        }
        return disclosure;
    }

    /** The {@code fields} parameter as field names of the schema; empty after responding 400 for an unknown one. */
    private static Optional<List<String>> requestedFields(Exchange exchange, CanonicalSchema schema) {
        String fields = exchange.getMessage().getHeader("fields", String.class);
        if (fields == null || fields.isBlank()) {
            return Optional.of(List.of());
        }
        Set<String> names = new LinkedHashSet<>();
        for (String name : Arrays.asList(fields.split(","))) {
            String field = name.strip();
            if (!schema.fieldNames().contains(field)) {
                ApiError.respond(exchange, 400, "unknown_field", schema.entity() + " has no field '" + printable(field) + "'");
                return Optional.empty();
            }
            names.add(field);
        }
        return Optional.of(List.copyOf(names));
    }

    private static void withheld(ObjectNode body, Disclosure disclosure) {
        if (!disclosure.withheld().isEmpty()) {
            ObjectNode withheld = body.putObject("withheld");
            disclosure.withheld().forEach(withheld::put);
        }
    }

    private static List<String> distinct(List<String> fields) {
        return List.copyOf(new LinkedHashSet<>(fields));
    }

    /**
     * The subject key from the path, validated: by the entity's own identifier rule when it has one, and
     * anything shaped like an identity number by GB 11643. Responds 400 and returns empty when invalid.
     */
    private static Optional<String> subjectKey(Exchange exchange, CanonicalSchema schema) {
        String raw = exchange.getMessage().getHeader("subjectId", String.class);
        try {
            if (schema != null && schema.subjectIdentifier() != null) {
                return Optional.of(schema.normaliseSubject(raw));
            }
            String key = raw == null ? "" : raw.strip();
            if (key.matches("\\d{15}|\\d{17}[0-9Xx]")) {
                return Optional.of(CitizenId.parse(key).value());
            }
            if (!key.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,63}")) {
                ApiError.respond(exchange, 400, "invalid_subject", "a subject key is 1 to 64 letters, digits, '.', '_' or '-'");
                return Optional.empty();
            }
            return Optional.of(key);
        } catch (InvalidIdentifierException e) {
            ApiError.respond(exchange, 400, "invalid_subject", e.reason());
            return Optional.empty();
        }
    }

    private ObjectNode recordJson(CanonicalSchema schema, String key, List<String> roles, Disclosure disclosure) {
        ObjectNode node = NODES.objectNode().put("entity", schema.entity()).put("key", key);
        if (!roles.isEmpty()) {
            ArrayNode asRoles = node.putArray("roles");
            roles.forEach(asRoles::add);
        }
        disputes.mark(schema.entity(), key, disclosure.shown());
        node.set("fields", disclosure.shown());
        withheld(node, disclosure);
        return node;
    }
}
