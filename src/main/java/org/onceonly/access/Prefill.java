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
import java.util.LinkedHashMap;
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
     * @param subject the applicant's key, already normalised by the form's subject entity's identifier rule
     */
    /**
     * The prefill, with its access-log entries (one per person or organisation shown) queued: the answer may
     * leave once they are committed.
     */
    public Logged<PrefillResult> fill(Client client, Form form, String subject, String purpose) {
        Grant grant = AccessPolicy.grantFor(client, purpose);
        if (!form.purpose().equals(grant.purpose())) {
            throw new AccessDenied("purpose_mismatch", "form " + form.id() + " is filled only under purpose '" + form.purpose()
                    + "', not '" + grant.purpose() + "'");
        }
        Records records = new Records();
        Map<String, List<String>> shownByOwner = new LinkedHashMap<>();
        List<FilledField> fields = new ArrayList<>();
        for (Form.Field field : form.fields()) {
            fields.add(fill(grant, field, subject, records, shownByOwner));
        }
        List<SuppliedMaterial> materials = new ArrayList<>();
        for (Form.Material material : form.materials()) {
            SuppliedMaterial supplied = supply(grant, material, subject, records);
            materials.add(supplied);
            if (supplied.status() == Status.SUPPLIED) {
                shownByOwner.computeIfAbsent(subject, k -> new ArrayList<>()).add("Material." + material.name());
            }
        }
        // Logged before the answer leaves: no entry, no data.
        CompletableFuture<Void> logged = accessLog.record(shownByOwner.entrySet().stream()
                .map(shown -> AccessEvent.of(client, grant.purpose(), "prefill:" + form.id(), shown.getKey(), shown.getValue())).toList());
        PrefillResult result = new PrefillResult(form.id(), subject, grant.purpose(), fields, materials);
        statistics.record(form, result);
        return new Logged<>(result, logged);
    }

    private FilledField fill(Grant grant, Form.Field field, String subject, Records records, Map<String, List<String>> shownByOwner) {
        if (field.path() == null) {
            return new FilledField(field.name(), field.label(), null, field.required(), Status.EMPTY, null, false, null,
                    "the pool does not hold this field; the applicant fills it in");
        }
        String key = subject;
        List<FieldPath.Step> steps = field.path().steps();
        for (int i = 0; i < steps.size(); i++) {
            FieldPath.Step step = steps.get(i);
            Optional<GoldenRecord> record = records.find(step, key);
            if (record.isEmpty()) {
                return empty(field, "the pool holds no " + step.schema().entity() + " record"
                        + (step.filterField() == null ? "" : " with " + step.filterField() + "=" + step.filterValue())
                        + (i == 0 ? " for this applicant" : " for the subject named at step " + i));
            }
            if (i < steps.size() - 1) {
                Link link = follow(grant, step, record.get(), key);
                if (link.withheld() != null) {
                    return new FilledField(field.name(), field.label(), field.path().text(), field.required(), Status.WITHHELD,
                            null, false, null, link.withheld());
                }
                if (link.key() == null) {
                    return empty(field, step.schema().entity() + "." + step.field() + " is empty");
                }
                key = link.key();
                continue;
            }
            FieldDecision decision = AccessPolicy.decide(grant, step.schema(), step.field());
            if (!decision.shown()) {
                return new FilledField(field.name(), field.label(), field.path().text(), field.required(), Status.WITHHELD, null, false, null,
                        decision.reason());
            }
            JsonNode stored = record.get().fields().get(step.field());
            if (stored == null || stored.path("value").isNull() || stored.path("value").isMissingNode()) {
                return empty(field, step.schema().entity() + "." + step.field() + " is not known to the pool");
            }
            boolean masked = decision.verdict() == FieldDecision.Verdict.MASK;
            ObjectNode provenance = NODES.objectNode().put("entity", step.schema().entity()).put("record", record.get().subject())
                    .put("field", step.field());
            for (String name : List.of("source", "department", "asOf")) {
                if (stored.has(name)) {
                    provenance.set(name, stored.get(name));
                }
            }
            String owner = i == 0 ? subject : key;
            shownByOwner.computeIfAbsent(owner, k -> new ArrayList<>()).add(decision.path());
            return new FilledField(field.name(), field.label(), field.path().text(), field.required(), Status.FILLED,
                    masked ? MaskedValue.of(stored.get("value")) : stored.get("value"), masked, provenance, null);
        }
        throw new IllegalStateException("a field path has at least one step");
    }

    private record Link(String key, String withheld) {}

    /** The key a link step leads to, or why the link may not be followed. */
    private static Link follow(Grant grant, FieldPath.Step step, GoldenRecord record, String currentKey) {
        CanonicalSchema schema = step.schema();
        List<String> linkFields = step.followsOtherParty()
                ? schema.parties().stream().filter(p -> p.path().equals(p.field())).map(CanonicalSchema.Party::field).toList()
                : List.of(step.field());
        for (String linkField : linkFields) {
            FieldDecision decision = AccessPolicy.decide(grant, schema, linkField);
            if (!decision.shown()) {
                return new Link(null, "the link " + decision.path() + " may not be followed: " + decision.reason());
            }
        }
        for (String linkField : linkFields) {
            String value = record.fields().path(linkField).path("value").asText(null);
            if (value != null && !(step.followsOtherParty() && value.equals(currentKey))) {
                return new Link(value, null);
            }
        }
        return new Link(null, null);
    }

    private SuppliedMaterial supply(Grant grant, Form.Material material, String subject, Records records) {
        if (material.record() == null && material.certificateType() == null) {
            return new SuppliedMaterial(material.name(), material.label(), material.required(), Status.MISSING, null,
                    "the pool does not hold this material; the applicant provides it");
        }
        if (material.record() != null) {
            Optional<GoldenRecord> record = records.find(new FieldPath.Step(material.record(), null, null, null), subject);
            return record.isPresent()
                    ? new SuppliedMaterial(material.name(), material.label(), material.required(), Status.SUPPLIED,
                            NODES.objectNode().put("record", material.record().entity()).put("key", record.get().subject()), null)
                    : new SuppliedMaterial(material.name(), material.label(), material.required(), Status.MISSING, null,
                            "the pool holds no " + material.record().entity() + " record for this applicant");
        }
        CanonicalSchema certificates = schemas.require("Certificate");
        LocalDate today = LocalDate.now(CHINA);
        Optional<GoldenRecord> valid = records.naming(certificates, subject).stream()
                .filter(c -> material.certificateType().equals(c.fields().path("certificateType").path("value").asText()))
                .filter(c -> "VALID".equals(c.fields().path("status").path("value").asText()))
                .filter(c -> notExpired(c.fields().path("validUntil").path("value"), today))
                .max(Comparator.comparing(GoldenRecord::updatedAt));
        if (valid.isEmpty()) {
            return new SuppliedMaterial(material.name(), material.label(), material.required(), Status.MISSING, null,
                    "no valid " + material.certificateType() + " issued to this applicant is in the pool");
        }
        ObjectNode evidence = NODES.objectNode().put("certificateType", material.certificateType());
        for (String field : List.of("certificateNumber", "issuingDepartment", "issuedDate", "validUntil", "documentDigest")) {
            FieldDecision decision = AccessPolicy.decide(grant, certificates, field);
            JsonNode value = valid.get().fields().path(field).path("value");
            if (decision.shown() && !value.isMissingNode() && !value.isNull()) {
                evidence.set(field, decision.verdict() == FieldDecision.Verdict.MASK ? MaskedValue.of(value) : value);
            }
        }
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
