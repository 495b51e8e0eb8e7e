package org.onceonly.api.v1;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Locale;
import java.util.Optional;
import org.apache.camel.Exchange;
import org.onceonly.access.Form;
import org.onceonly.access.Forms;
import org.onceonly.access.Prefill;
import org.onceonly.access.PrefillResult;
import org.onceonly.access.PrefillStatistics;
import org.onceonly.api.ApiError;
import org.onceonly.api.ApiRoutes;
import org.onceonly.api.Authentication;
import org.onceonly.api.Json;
import org.onceonly.api.JsonBody;
import org.onceonly.identity.InvalidIdentifierException;

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
public final class PrefillApi extends ApiRoutes {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private final Forms forms;
    private final Prefill prefill;
    private final PrefillStatistics statistics;

    public PrefillApi(Authentication authentication, Forms forms, Prefill prefill, PrefillStatistics statistics) {
        super(authentication);
        this.forms = forms;
        this.prefill = prefill;
        this.statistics = statistics;
    }

    record PrefillRequest(@JsonProperty("form") String form, @JsonProperty("subject") String subject,
                          @JsonProperty("purpose") String purpose) {}

    @Override
    protected void endpoints() {
        rest("/v1/prefill").post().consumes("application/json").produces("application/json").to("direct:api-prefill");
        rest("/v1/forms")
                .get().produces("application/json").to("direct:api-forms")
                .get("/{form}").produces("application/json").to("direct:api-form")
                .get("/{form}/coverage").produces("application/json").to("direct:api-form-coverage");

        from("direct:api-prefill").routeId("api-prefill").process(platformClient()).process(this::prefill);
        from("direct:api-forms").routeId("api-forms").process(platformClient()).process(exchange -> {
            ArrayNode list = NODES.arrayNode();
            forms.all().forEach(form -> list.addObject().put("id", form.id()).put("title", form.title()).put("purpose", form.purpose())
                    .put("fields", form.fields().size()).put("materials", form.materials().size()));
            Json.respond(exchange, 200, NODES.objectNode().set("forms", list));
        });
        from("direct:api-form").routeId("api-form").process(platformClient())
                .process(exchange -> withForm(exchange).ifPresent(form -> Json.respond(exchange, 200, definition(form))));
        from("direct:api-form-coverage").routeId("api-form-coverage").process(platformClient()).process(this::coverage);
    }

    private void prefill(Exchange exchange) {
        Optional<PrefillRequest> request = JsonBody.read(exchange, PrefillRequest.class);
        if (request.isEmpty()) {
            return;
        }
        if (request.get().form() == null || request.get().subject() == null) {
            ApiError.respond(exchange, 400, "missing_field", "'form' and 'subject' are required"
                    + (request.get().form() == null ? "; 'form' is missing" : "; 'subject' is missing"));
            return;
        }
        Optional<Form> form = forms.find(request.get().form());
        if (form.isEmpty()) {
            ApiError.respond(exchange, 404, "unknown_form", "no form '" + printable(request.get().form()) + "'; GET /v1/forms lists them");
            return;
        }
        String subject;
        try {
            subject = form.get().subject().normaliseSubject(request.get().subject());
        } catch (InvalidIdentifierException e) {
            ApiError.respond(exchange, 400, "invalid_subject", "field 'subject': " + e.reason());
            return;
        }
        if (subject == null || subject.isEmpty() || subject.length() > 64) {
            ApiError.respond(exchange, 400, "invalid_subject", "field 'subject' must be the applicant's key");
            return;
        }
        String purpose = request.get().purpose() != null ? request.get().purpose() : purpose(exchange);
        PrefillResult result = prefill.fill(caller(exchange), form.get(), subject, purpose);
        Json.respond(exchange, 200, resultJson(result));
    }

    private static ObjectNode resultJson(PrefillResult result) {
        ObjectNode body = NODES.objectNode().put("form", result.form()).put("subject", result.subject()).put("purpose", result.purpose());
        ObjectNode coverage = body.putObject("coverage");
        coverage.put("fieldsFilled", result.fieldsFilled()).put("fieldsAsked", result.fields().size())
                .put("fieldShare", share(result.fieldsFilled(), result.fields().size()))
                .put("materialsSupplied", result.materialsSupplied()).put("materialsAsked", result.materials().size())
                .put("materialShare", share(result.materialsSupplied(), result.materials().size()));
        ArrayNode fields = body.putArray("fields");
        for (PrefillResult.FilledField f : result.fields()) {
            ObjectNode node = fields.addObject().put("name", f.name()).put("label", f.label());
            if (f.path() != null) {
                node.put("path", f.path());
            }
            node.put("required", f.required()).put("status", f.status().name().toLowerCase(Locale.ROOT));
            if (f.value() != null) {
                node.set("value", f.value());
                if (f.masked()) {
                    node.put("masked", true);
                }
                node.set("provenance", f.provenance());
            }
            if (f.reason() != null) {
                node.put("reason", f.reason());
            }
        }
        ArrayNode materials = body.putArray("materials");
        for (PrefillResult.SuppliedMaterial m : result.materials()) {
            ObjectNode node = materials.addObject().put("name", m.name()).put("label", m.label()).put("required", m.required())
                    .put("status", m.status().name().toLowerCase(Locale.ROOT));
            if (m.evidence() != null) {
                node.set("evidence", m.evidence());
            }
            if (m.reason() != null) {
                node.put("reason", m.reason());
            }
        }
        return body;
    }

    private void coverage(Exchange exchange) {
        Optional<Form> form = withForm(exchange);
        if (form.isEmpty()) {
            return;
        }
        int window = wholeNumber(exchange, "window", 1000, 1, 100_000);
        PrefillStatistics.Coverage coverage = statistics.coverage(form.get().id(), window);
        ObjectNode body = NODES.objectNode().put("form", form.get().id()).put("window", window).put("prefills", coverage.prefills());
        body.putObject("fields").put("asked", coverage.fieldsAsked()).put("filled", coverage.fieldsFilled())
                .put("share", coverage.fieldShare()).put("target", PrefillStatistics.FIELD_TARGET)
                .put("targetMet", coverage.prefills() > 0 && coverage.fieldShare() >= PrefillStatistics.FIELD_TARGET);
        body.putObject("materials").put("asked", coverage.materialsAsked()).put("supplied", coverage.materialsSupplied())
                .put("share", coverage.materialShare()).put("target", PrefillStatistics.MATERIAL_TARGET)
                .put("targetMet", coverage.prefills() > 0 && coverage.materialShare() >= PrefillStatistics.MATERIAL_TARGET);
        ObjectNode byField = body.putObject("byField");
        form.get().fields().forEach(f -> byField.put(f.name(), share(coverage.filledCount().getOrDefault(f.name(), 0L), coverage.prefills())));
        ObjectNode byMaterial = body.putObject("byMaterial");
        form.get().materials().forEach(m -> byMaterial.put(m.name(), share(coverage.suppliedCount().getOrDefault(m.name(), 0L), coverage.prefills())));
        Json.respond(exchange, 200, body);
    }

    private Optional<Form> withForm(Exchange exchange) {
        String id = exchange.getMessage().getHeader("form", String.class);
        Optional<Form> form = forms.find(id);
        if (form.isEmpty()) {
            ApiError.respond(exchange, 404, "unknown_form", "no form '" + printable(id) + "'; GET /v1/forms lists them");
        }
        return form;
    }

    private static ObjectNode definition(Form form) {
        ObjectNode body = NODES.objectNode().put("id", form.id()).put("title", form.title()).put("purpose", form.purpose())
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
