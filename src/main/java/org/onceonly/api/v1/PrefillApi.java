/*
 * Copyright 2026 The OnceOnly Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.onceonly.api.v1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.onceonly.access.Form;
import org.onceonly.access.Forms;
import org.onceonly.access.Logged;
import org.onceonly.access.Prefill;
import org.onceonly.access.PrefillResult;
import org.onceonly.access.PrefillStatistics;
import org.onceonly.api.Answer;
import org.onceonly.api.ApiRequest;
import org.onceonly.api.ApiRoutes;
import org.onceonly.api.Body;
import org.onceonly.api.Endpoints;
import org.onceonly.api.Json;
import org.onceonly.api.Refusal;
import org.onceonly.api.StrictJson;
import org.onceonly.api.SubjectKeys;

/**
 * Form prefill for platform services.
 * <ul>
 *   <li>{@code POST /v1/prefill {form, subject, purpose}}: each field with value and provenance, or why it is
 *       empty or withheld; each material the pool supplies; the coverage of this prefill;</li>
 *   <li>{@code GET /v1/forms}, {@code GET /v1/forms/{form}}: the forms and what they ask for;</li>
 *   <li>{@code GET /v1/forms/{form}/coverage[?window=N]}: the share of fields and materials the pool supplied
 *       over the last N prefills, against the "no-certificate city" targets.</li>
 * </ul>
 */
public final class PrefillApi implements Endpoints {
    private final Forms forms;
    private final Prefill prefill;
    private final PrefillStatistics statistics;

    public PrefillApi(Forms forms, Prefill prefill, PrefillStatistics statistics) {
        this.forms = forms;
        this.prefill = prefill;
        this.statistics = statistics;
    }

    record PrefillRequest(@JsonProperty("form") String form, @JsonProperty("subject") String subject,
                          @JsonProperty("purpose") String purpose) {}

    @Override
    public void declare(ApiRoutes routes) {
        routes.post("/v1/prefill").forClients().body(Body.JSON).to(this::prefill);
        routes.get("/v1/forms").forClients().to(request -> {
            ArrayNode list = Json.NODES.arrayNode();
            forms.all().forEach(form -> list.addObject().put("id", form.id()).put("title", form.title()).put("purpose", form.purpose())
                    .put("fields", form.fields().size()).put("materials", form.materials().size()));
            return Answer.ok(Json.object().set("forms", list));
        });
        routes.get("/v1/forms/{form}").forClients().to(request -> Answer.ok(definition(form(request.path("form")))));
        routes.get("/v1/forms/{form}/coverage").forClients().query("window").to(this::coverage);
    }

    private Answer prefill(ApiRequest httpRequest) {
        PrefillRequest request = httpRequest.body(PrefillRequest.class);
        if (request.form() == null || request.subject() == null) {
            throw Refusal.badRequest("missing_field", "'form' and 'subject' are required"
                    + (request.form() == null ? "; 'form' is missing" : "; 'subject' is missing"));
        }
        Form form = form(request.form());
        String subject = SubjectKeys.record("field 'subject'", form.subject(), request.subject());
        // The chain has reconciled the body's purpose with the X-Purpose header.
        Logged<PrefillResult> filled = prefill.fill(httpRequest.caller(), form, subject, httpRequest.purpose());
        return Answer.ok(PrefillAnswer.of(filled.value())).sentAfter(filled.entries());
    }

    /** The answer, written by Jackson straight from these records (no tree in between: every prefill writes one). */
    @JsonPropertyOrder({"form", "subject", "purpose", "coverage", "fields", "materials"})
    record PrefillAnswer(String form, String subject, String purpose, Coverage coverage, List<Field> fields, List<Material> materials) {
        static PrefillAnswer of(PrefillResult result) {
            long filled = result.fieldsFilled();
            long supplied = result.materialsSupplied();
            return new PrefillAnswer(result.form(), result.subject(), result.purpose(),
                    new Coverage(filled, result.fields().size(), share(filled, result.fields().size()),
                            supplied, result.materials().size(), share(supplied, result.materials().size())),
                    result.fields().stream().map(Field::of).toList(), result.materials().stream().map(Material::of).toList());
        }
    }

    @JsonPropertyOrder({"fieldsFilled", "fieldsAsked", "fieldShare", "materialsSupplied", "materialsAsked", "materialShare"})
    record Coverage(long fieldsFilled, long fieldsAsked, double fieldShare, long materialsSupplied, long materialsAsked, double materialShare) {}

    /** {@code path}, {@code value}, {@code masked} (only when true), {@code provenance} and {@code reason} only where they apply. */
    @JsonPropertyOrder({"name", "label", "path", "required", "status", "value", "masked", "provenance", "reason"})
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Field(String name, @JsonInclude(JsonInclude.Include.ALWAYS) String label, String path, boolean required, String status,
                 JsonNode value, Boolean masked, JsonNode provenance, String reason) {
        static Field of(PrefillResult.FilledField f) {
            boolean valued = f.value() != null;
            return new Field(f.name(), f.label(), f.path(), f.required(), f.status().name().toLowerCase(Locale.ROOT), f.value(),
                    valued && f.masked() ? Boolean.TRUE : null,
                    valued ? Objects.requireNonNullElse(f.provenance(), NullNode.getInstance()) : null, f.reason());
        }
    }

    @JsonPropertyOrder({"name", "label", "required", "status", "evidence", "reason"})
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Material(String name, @JsonInclude(JsonInclude.Include.ALWAYS) String label, boolean required, String status,
                    JsonNode evidence, String reason) {
        static Material of(PrefillResult.SuppliedMaterial m) {
            return new Material(m.name(), m.label(), m.required(), m.status().name().toLowerCase(Locale.ROOT), m.evidence(), m.reason());
        }
    }

    private Answer coverage(ApiRequest request) {
        Form form = form(request.path("form"));
        int window = request.wholeNumber("window", 1000, 1, 100_000);
        PrefillStatistics.Coverage coverage = statistics.coverage(form.id(), window);
        ObjectNode body = Json.object().put("form", form.id()).put("window", window).put("prefills", coverage.prefills());
        body.putObject("fields").put("asked", coverage.fieldsAsked()).put("filled", coverage.fieldsFilled())
                .put("share", coverage.fieldShare()).put("target", PrefillStatistics.FIELD_TARGET)
                .put("targetMet", coverage.prefills() > 0 && coverage.fieldShare() >= PrefillStatistics.FIELD_TARGET);
        body.putObject("materials").put("asked", coverage.materialsAsked()).put("supplied", coverage.materialsSupplied())
                .put("share", coverage.materialShare()).put("target", PrefillStatistics.MATERIAL_TARGET)
                .put("targetMet", coverage.prefills() > 0 && coverage.materialShare() >= PrefillStatistics.MATERIAL_TARGET);
        ObjectNode byField = body.putObject("byField");
        form.fields().forEach(f -> byField.put(f.name(), share(coverage.filledCount().getOrDefault(f.name(), 0L), coverage.prefills())));
        ObjectNode byMaterial = body.putObject("byMaterial");
        form.materials().forEach(m -> byMaterial.put(m.name(), share(coverage.suppliedCount().getOrDefault(m.name(), 0L), coverage.prefills())));
        return Answer.ok(body);
    }

    private Form form(String id) {
        return forms.find(id).orElseThrow(() -> new Refusal(404, "unknown_form", "no form '" + StrictJson.printable(id) + "'; GET /v1/forms lists them"));
    }

    private static ObjectNode definition(Form form) {
        ObjectNode body = Json.object().put("id", form.id()).put("title", form.title()).put("purpose", form.purpose())
                .put("subject", form.subject().entity());
        ArrayNode fields = body.putArray("fields");
        form.fields().forEach(f -> {
            ObjectNode node = fields.addObject().put("name", f.name()).put("label", f.label());
            if (f.path() != null) {
                node.put("path", f.path().text());
            }
            node.put("required", f.required());
        });
        ArrayNode materials = body.putArray("materials");
        form.materials().forEach(m -> {
            ObjectNode node = materials.addObject().put("name", m.name()).put("label", m.label()).put("required", m.required());
            if (m.certificateType() != null) {
                node.put("certificateType", m.certificateType());
            } else if (m.record() != null) {
                node.put("record", m.record().entity());
            }
        });
        return body;
    }

    private static double share(long part, long whole) {
        return whole == 0 ? 0 : Math.round(1000.0 * part / whole) / 1000.0;
    }
}
