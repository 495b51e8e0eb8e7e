/*
 * Copyright 2026 The OnceOnly Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.onceonly.access;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.onceonly.access.PrefillResult.FilledField;
import org.onceonly.access.PrefillResult.Status;
import org.onceonly.access.PrefillResult.SuppliedMaterial;
import org.onceonly.pool.PoolReader;
import org.onceonly.pool.PoolReader.GoldenRecord;
import org.onceonly.schema.CanonicalSchema;
import org.onceonly.schema.SchemaCatalog;

/**
 * Prefills a form for one applicant under one purpose: walks each field's path through the pool, applies
 * the access policy at every step (a link field must be granted too, though its value is not returned),
 * writes one access-log entry per person or organisation whose data was shown (the spouse sees the
 * marriage form's read of their name), and counts coverage.
 */
public final class Prefill {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final ZoneId CHINA = ZoneId.of("Asia/Shanghai");
    private final SchemaCatalog schemas;
    private final PoolReader reader;
    private final AccessLog accessLog;
    private final PrefillStatistics statistics;

    public Prefill(SchemaCatalog schemas, PoolReader reader, AccessLog accessLog, PrefillStatistics statistics) {
        this.schemas = schemas;
        this.reader = reader;
        this.accessLog = accessLog;
        this.statistics = statistics;
    }

    /**
     * The prefill, with its access-log entries (one per person or organisation shown, the records walked to
     * reach a value included) queued: the answer may leave once they are committed.
     *
     * @param subject the applicant's key, already normalised by the form's subject entity's identifier rule
     */
    public Logged<PrefillResult> fill(Client client, Form form, String subject, String purpose) {
        Grant grant = AccessPolicy.grantFor(client, purpose);
        if (!form.purpose().equals(grant.purpose())) {
            throw new AccessDenied("purpose_mismatch", "form " + form.id() + " is filled only under purpose '" + form.purpose()
                    + "', not '" + grant.purpose() + "'");
        }
        Walk walk = new Walk(grant, subject, new Records(), new PartiesShown(), new RecordKeys(grant));
        List<FilledField> fields = new ArrayList<>();
        for (Form.Field field : form.fields()) {
            fields.add(fill(walk, field));
        }
        List<SuppliedMaterial> materials = new ArrayList<>();
        for (Form.Material material : form.materials()) {
            materials.add(supply(walk, material));
        }
        // Logged before the answer leaves: no entry, no data.
        CompletableFuture<Void> logged = accessLog.record(walk.shown().events(client, grant.purpose(), "prefill:" + form.id()));
        PrefillResult result = new PrefillResult(form.id(), subject, grant.purpose(), fields, materials);
        statistics.record(form, result);
        return new Logged<>(result, logged);
    }

    /** One prefill's state: the grant, the applicant, the records read, the parties shown, the answer's record handles. */
    private record Walk(Grant grant, String subject, Records records, PartiesShown shown, RecordKeys keys) {}

    private FilledField fill(Walk walk, Form.Field field) {
        if (field.path() == null) {
            return new FilledField(field.name(), field.label(), null, field.required(), Status.EMPTY, null, false, null,
                    "the pool does not hold this field; the applicant fills it in");
        }
        // Decided before any record is read: whether the pool holds a value must not show through a withheld path.
        Optional<String> withheld = withheld(walk.grant(), field.path());
        if (withheld.isPresent()) {
            return new FilledField(field.name(), field.label(), field.path().text(), field.required(), Status.WITHHELD, null, false, null,
                    withheld.get());
        }
        String key = walk.subject();
        List<FieldPath.Step> steps = field.path().steps();
        List<GoldenRecord> walked = new ArrayList<>();
        for (int i = 0; i < steps.size(); i++) {
            FieldPath.Step step = steps.get(i);
            Optional<GoldenRecord> record = walk.records().find(step, key);
            if (record.isEmpty()) {
                // That there is none is a fact about the party at this step, shown and so logged.
                walk.shown().party(key, List.of(step.schema().entity() + "." + (step.filterField() == null ? step.field() : step.filterField())), null);
                return empty(field, "the pool holds no " + step.schema().entity() + " record"
                        + (step.filterField() == null ? "" : " with " + step.filterField() + "=" + step.filterValue())
                        + (i == 0 ? " for this applicant" : " for the subject named at step " + i));
            }
            if (i < steps.size() - 1) {
                String next = follow(step, record.get(), key);
                walked.add(record.get());
                if (next == null) {
                    walk.shown().record(step.schema(), record.get().subject(), record.get().fields(), linkPaths(step));
                    return empty(field, step.schema().entity() + "." + step.field() + " is empty");
                }
                key = next;
                continue;
            }
            FieldDecision decision = AccessPolicy.decide(walk.grant(), step.schema(), step.field());
            JsonNode stored = record.get().fields().get(step.field());
            // The records walked to get here are shown too: the value reveals the links followed.
            for (int j = 0; j < walked.size(); j++) {
                walk.shown().record(steps.get(j).schema(), walked.get(j).subject(), walked.get(j).fields(), linkPaths(steps.get(j)));
            }
            walk.shown().record(step.schema(), record.get().subject(), record.get().fields(), List.of(decision.path()));
            if (stored == null || stored.path("value").isNull() || stored.path("value").isMissingNode()) {
                return empty(field, step.schema().entity() + "." + step.field() + " is not known to the pool");
            }
            boolean masked = decision.verdict() == FieldDecision.Verdict.MASK;
            ObjectNode provenance = NODES.objectNode().put("entity", step.schema().entity())
                    .put("record", walk.keys().key(step.schema(), record.get().subject())).put("field", step.field());
            for (String name : List.of("source", "department", "asOf")) {
                if (stored.has(name)) {
                    provenance.set(name, stored.get(name));
                }
            }
            return new FilledField(field.name(), field.label(), field.path().text(), field.required(), Status.FILLED,
                    masked ? MaskedValue.of(step.schema(), step.field(), stored.get("value")) : stored.get("value"), masked, provenance, null);
        }
        throw new IllegalStateException("a field path has at least one step");
    }

    /** Why the grant does not let this path be walked — a filter, a link or the field itself withheld — or empty. */
    private static Optional<String> withheld(Grant grant, FieldPath path) {
        for (FieldPath.Step step : path.steps()) {
            List<String> needed = new ArrayList<>();
            if (step.filterField() != null) {
                needed.add(step.filterField());
            }
            needed.addAll(step == path.last() ? List.of(step.field()) : linkFields(step));
            for (String field : needed) {
                FieldDecision decision = AccessPolicy.decide(grant, step.schema(), field);
                if (!decision.shown()) {
                    return Optional.of(step == path.last() && field.equals(step.field()) ? decision.reason()
                            : "the link " + decision.path() + " may not be followed: " + decision.reason());
                }
            }
        }
        return Optional.empty();
    }

    /** The party fields a link step reads: the named one, or both of a record's parties for {@code otherParty}. */
    private static List<String> linkFields(FieldPath.Step step) {
        return step.followsOtherParty()
                ? step.schema().parties().stream().filter(p -> p.path().equals(p.field())).map(CanonicalSchema.Party::field).toList()
                : List.of(step.field());
    }

    private static List<String> linkPaths(FieldPath.Step step) {
        List<String> paths = new ArrayList<>();
        if (step.filterField() != null) {
            paths.add(step.schema().entity() + "." + step.filterField());
        }
        linkFields(step).forEach(field -> paths.add(step.schema().entity() + "." + field));
        return paths;
    }

    /** The key a link step leads to, or null when the record names nobody there. */
    private static String follow(FieldPath.Step step, GoldenRecord record, String currentKey) {
        for (String linkField : linkFields(step)) {
            String value = record.fields().path(linkField).path("value").asText(null);
            if (value != null && !(step.followsOtherParty() && value.equals(currentKey))) {
                return value;
            }
        }
        return null;
    }

    private SuppliedMaterial supply(Walk walk, Form.Material material) {
        if (material.record() == null && material.certificateType() == null) {
            return new SuppliedMaterial(material.name(), material.label(), material.required(), Status.MISSING, null,
                    "the pool does not hold this material; the applicant provides it");
        }
        String subject = walk.subject();
        List<String> materialPath = List.of("Material." + material.name());
        if (material.record() != null) {
            Optional<GoldenRecord> record = walk.records().find(new FieldPath.Step(material.record(), null, null, null), subject);
            if (record.isEmpty()) {
                walk.shown().party(subject, materialPath, null);
                return new SuppliedMaterial(material.name(), material.label(), material.required(), Status.MISSING, null,
                        "the pool holds no " + material.record().entity() + " record for this applicant");
            }
            walk.shown().record(material.record(), record.get().subject(), record.get().fields(), materialPath);
            return new SuppliedMaterial(material.name(), material.label(), material.required(), Status.SUPPLIED,
                    NODES.objectNode().put("record", material.record().entity())
                            .put("key", walk.keys().key(material.record(), record.get().subject())), null);
        }
        CanonicalSchema certificates = schemas.require("Certificate");
        LocalDate today = LocalDate.now(CHINA);
        Optional<GoldenRecord> valid = walk.records().naming(certificates, subject).stream()
                .filter(c -> material.certificateType().equals(c.fields().path("certificateType").path("value").asText()))
                .filter(c -> "VALID".equals(c.fields().path("status").path("value").asText()))
                .filter(c -> notExpired(c.fields().path("validUntil").path("value"), today))
                .max(Comparator.comparing(GoldenRecord::updatedAt));
        if (valid.isEmpty()) {
            walk.shown().party(subject, materialPath, null);
            return new SuppliedMaterial(material.name(), material.label(), material.required(), Status.MISSING, null,
                    "no valid " + material.certificateType() + " issued to this applicant is in the pool");
        }
        ObjectNode evidence = NODES.objectNode().put("certificateType", material.certificateType());
        List<String> shownPaths = new ArrayList<>(materialPath);
        for (String field : List.of("certificateNumber", "issuingDepartment", "issuedDate", "validUntil", "documentDigest")) {
            FieldDecision decision = AccessPolicy.decide(walk.grant(), certificates, field);
            JsonNode value = valid.get().fields().path(field).path("value");
            if (decision.shown() && !value.isMissingNode() && !value.isNull()) {
                evidence.set(field, decision.verdict() == FieldDecision.Verdict.MASK ? MaskedValue.of(certificates, field, value) : value);
                shownPaths.add(decision.path());
            }
        }
        walk.shown().record(certificates, valid.get().subject(), valid.get().fields(), shownPaths);
        return new SuppliedMaterial(material.name(), material.label(), material.required(), Status.SUPPLIED, evidence, null);
    }

    private static boolean notExpired(JsonNode validUntil, LocalDate today) {
        if (validUntil.isMissingNode() || validUntil.isNull()) {
            return true;
        }
        try {
            return !LocalDate.parse(validUntil.asText()).isBefore(today);
        } catch (DateTimeParseException e) {
            return false;
        }
    }

    private static FilledField empty(Form.Field field, String reason) {
        return new FilledField(field.name(), field.label(), field.path().text(), field.required(), Status.EMPTY, null, false, null, reason);
    }

    /** Reads each record once per prefill, however many fields share it. */
    private final class Records {
        private final Map<String, Optional<GoldenRecord>> own = new HashMap<>();
        private final Map<String, List<GoldenRecord>> naming = new HashMap<>();

        Optional<GoldenRecord> find(FieldPath.Step step, String key) {
            String entity = step.schema().entity();
            Optional<GoldenRecord> keyed = own.computeIfAbsent(entity + "\u0000" + key, k -> reader.golden(entity, key));
            if (keyed.isPresent() && matches(step, keyed.get())) {
                return keyed;
            }
            return naming(step.schema(), key).stream().filter(r -> matches(step, r)).max(Comparator.comparing(GoldenRecord::updatedAt));
        }

        List<GoldenRecord> naming(CanonicalSchema schema, String key) {
            return naming.computeIfAbsent(schema.entity() + "\u0000" + key, k -> reader.naming(schema.entity(), key));
        }

        private boolean matches(FieldPath.Step step, GoldenRecord record) {
            return step.filterField() == null
                    || step.filterValue().equals(record.fields().path(step.filterField()).path("value").asText(null));
        }
    }
}
