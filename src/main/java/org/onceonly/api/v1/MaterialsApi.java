/*
 * Copyright 2026 The OnceOnly Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.onceonly.api.v1;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Map;
import org.onceonly.access.AccessEvent;
import org.onceonly.access.AccessLog;
import org.onceonly.access.AccessPolicy;
import org.onceonly.access.Capability;
import org.onceonly.access.Client;
import org.onceonly.access.Disclosure;
import org.onceonly.access.Grant;
import org.onceonly.access.PartiesShown;
import org.onceonly.access.RecordKeys;
import org.onceonly.api.Answer;
import org.onceonly.api.ApiRequest;
import org.onceonly.api.ApiRoutes;
import org.onceonly.api.Body;
import org.onceonly.api.BodyFields;
import org.onceonly.api.Disputes;
import org.onceonly.api.Endpoints;
import org.onceonly.api.Json;
import org.onceonly.api.Names;
import org.onceonly.api.Refusal;
import org.onceonly.api.SubjectKeys;
import org.onceonly.api.UploadedFile;
import org.onceonly.pool.MaterialStore;
import org.onceonly.pool.MaterialType;
import org.onceonly.pool.PoolReader;
import org.onceonly.schema.CanonicalSchema;
import org.onceonly.schema.SchemaCatalog;

/**
 * Materials for platform clients: a citizen's uploads, stored once by content and reused by every later
 * application, and the certificates departments issued to a person or organisation.
 * <ul>
 *   <li>{@code POST /v1/materials} (multipart: {@code file}, {@code subject}) — {@code materials.upload};</li>
 *   <li>{@code GET /v1/subjects/{id}/materials} — the subject's uploads and certificates, {@code materials.read};</li>
 *   <li>{@code GET /v1/materials/{ref}?subject=} — one upload's content, {@code materials.read};</li>
 *   <li>{@code POST /v1/materials/verify} — is a certificate valid, unrevoked and the department's own,
 *       {@code materials.verify}.</li>
 * </ul>
 * Every read and upload is written to the access log before the answer leaves.
 */
public final class MaterialsApi implements Endpoints {
    private static final String CERTIFICATE = "Certificate";
    private final SchemaCatalog schemas;
    private final PoolReader reader;
    private final MaterialStore materials;
    private final AccessLog accessLog;
    private final Disputes disputes;
    private final long maxUploadBytes;
    private final Clock clock;

    public MaterialsApi(SchemaCatalog schemas, PoolReader reader, MaterialStore materials, AccessLog accessLog, Disputes disputes,
                        long maxUploadBytes, Clock clock) {
        this.schemas = schemas;
        this.reader = reader;
        this.materials = materials;
        this.accessLog = accessLog;
        this.disputes = disputes;
        this.maxUploadBytes = maxUploadBytes;
        this.clock = clock;
    }

    @Override
    public void declare(ApiRoutes routes) {
        routes.post("/v1/materials").forClients().body(Body.MULTIPART).to(this::upload);
        routes.post("/v1/materials/verify").forClients().body(Body.JSON_OR_MULTIPART).to(this::verify);
        // The answer is the material's own type, whatever the client accepts.
        routes.get("/v1/materials/{ref}").forClients().query("subject").to(this::content);
        routes.get("/v1/subjects/{subjectId}/materials").forClients().to(this::subjectMaterials);
    }

    private Answer upload(ApiRequest request) {
        Client client = request.caller();
        Grant grant = AccessPolicy.grantFor(client, request.purpose(), Capability.MATERIALS_UPLOAD);
        String subject = SubjectKeys.party("part 'subject'", request.field("subject"));
        UploadedFile file = request.file("file", maxUploadBytes);
        MaterialType type = MaterialType.of(file.content()).orElseThrow(() -> new Refusal(415, "unsupported_media_type",
                "part 'file' is not a PDF, PNG or JPEG file (judged by its content)"));
        Optional<MaterialType> declared = MaterialType.declared(file.declaredType());
        if (declared.isEmpty() && isSpecific(file.declaredType()) || declared.isPresent() && declared.get() != type) {
            throw new Refusal(415, "unsupported_media_type", "part 'file' is declared as "
                    + declared.map(MaterialType::mediaType).orElse("a type other than PDF, PNG or JPEG")
                    + " but its content is " + type.mediaType());
        }
        MaterialStore.Upload upload = materials.store(subject, file.content(), type, file.fileName(), client.id());
        accessLog.append(AccessEvent.of(client, grant.purpose(), "upload", subject, List.of("Material." + upload.ref())));
        // "existing" says the subject had handed in this content before, never whether another subject has.
        ObjectNode body = Json.object().put("ref", upload.ref()).put("subject", subject).put("fileName", upload.fileName())
                .put("mediaType", type.mediaType()).put("size", upload.size()).put("stored", upload.newLink() ? "new" : "existing");
        return Answer.json(upload.newLink() ? 201 : 200, body);
    }

    /** A declared type that says something: not absent and not the generic "some bytes". */
    private static boolean isSpecific(String declaredType) {
        return declaredType != null && !declaredType.isBlank()
                && !declaredType.toLowerCase(Locale.ROOT).startsWith("application/octet-stream");
    }

    private Answer subjectMaterials(ApiRequest request) {
        Client client = request.caller();
        Grant grant = AccessPolicy.grantFor(client, request.purpose(), Capability.MATERIALS_READ);
        String subject = SubjectKeys.party("subject", request.path("subjectId"));
        PartiesShown shown = new PartiesShown();
        RecordKeys keys = new RecordKeys(grant);
        ArrayNode uploaded = Json.NODES.arrayNode();
        for (MaterialStore.Linked material : materials.forSubject(subject)) {
            uploaded.addObject().put("ref", material.ref()).put("fileName", material.fileName()).put("mediaType", material.mediaType())
                    .put("size", material.size()).put("uploadedAt", material.uploadedAt().toString());
            shown.party(subject, List.of("Material." + material.ref()), null);
        }
        ArrayNode certificates = Json.NODES.arrayNode();
        CanonicalSchema schema = schemas.require(CERTIFICATE);
        for (PoolReader.GoldenRecord record : reader.naming(CERTIFICATE, subject)) {
            Disclosure disclosure = Disclosure.of(grant, schema, record.fields(), List.of());
            disputes.mark(CERTIFICATE, record.subject(), disclosure.shown());
            ObjectNode certificate = certificates.addObject().put("key", keys.key(schema, record.subject()));
            ArrayNode roles = certificate.putArray("roles");
            keys.roles(schema, record.roles()).forEach(roles::add);
            certificate.set("fields", disclosure.shown());
            if (!disclosure.withheld().isEmpty()) {
                ObjectNode withheld = certificate.putObject("withheld");
                disclosure.withheld().forEach(withheld::put);
            }
            shown.record(schema, record.subject(), record.fields(), disclosure.loggedFields());
        }
        if (shown.isEmpty()) {
            // An empty list is a fact about the subject too: an entry naming no field.
            shown.party(subject, List.of(), null);
        }
        accessLog.appendAll(shown.events(client, grant.purpose(), "materials"));
        ObjectNode body = Json.object().put("subject", subject).put("purpose", grant.purpose());
        body.set("uploaded", uploaded);
        body.set("certificates", certificates);
        return Answer.ok(body);
    }

    private Answer content(ApiRequest request) {
        Client client = request.caller();
        Grant grant = AccessPolicy.grantFor(client, request.purpose(), Capability.MATERIALS_READ);
        String ref = request.path("ref");
        if (!MaterialStore.isRef(ref)) {
            throw Refusal.badRequest("invalid_ref", "a material reference is 'sha256:' followed by 64 lower-case hex digits");
        }
        String subject = SubjectKeys.party("query parameter 'subject'", request.query("subject").orElseThrow(() -> Refusal.badRequest(
                "missing_parameter", "query parameter 'subject' is missing: the subject the material belongs to")));
        // Not linked to this subject and not stored at all answer alike: another subject's refs cannot be probed.
        MaterialStore.Content content = materials.content(subject, ref).orElseThrow(() -> new Refusal(404, "not_found",
                "the subject has no material with this reference"));
        accessLog.append(AccessEvent.of(client, grant.purpose(), "material", subject, List.of("Material." + ref)));
        return Answer.bytes(200, content.mediaType(), content.bytes(), Map.of("Content-Disposition", "attachment"));
    }

    private Answer verify(ApiRequest httpRequest) {
        Client client = httpRequest.caller();
        Grant grant = AccessPolicy.grantFor(client, httpRequest.purpose(), Capability.MATERIALS_VERIFY);
        VerifyRequest request = httpRequest.multipart() ? multipartVerifyRequest(httpRequest) : jsonVerifyRequest(httpRequest);
        Optional<PoolReader.GoldenRecord> found = request.certificateNumber() != null
                ? reader.golden(CERTIFICATE, request.certificateNumber())
                : byDigest(request.documentDigest(), request.department());
        ArrayNode reasons = Json.NODES.arrayNode();
        ObjectNode body = Json.object();
        if (found.isEmpty()) {
            reason(reasons, "not_found", request.certificateNumber() != null ? "no certificate with this number is known"
                    : "no certificate's signed document has this digest");
            body.put("valid", false).set("reasons", reasons);
            body.putNull("certificate");
            return Answer.ok(body);
        }
        ObjectNode fields = found.get().fields();
        String issuer = text(fields, "issuingDepartment");
        String status = text(fields, "status");
        String validUntil = text(fields, "validUntil");
        String digest = text(fields, "documentDigest");
        if (!request.department().equals(issuer)) {
            reason(reasons, "wrong_department", "the certificate was issued by " + (issuer == null ? "no named department" : issuer)
                    + ", not by " + request.department());
        }
        if (!"VALID".equals(status)) {
            reason(reasons, status == null ? "no_status" : status.toLowerCase(Locale.ROOT), "the certificate's status is " + status);
        }
        if (validUntil != null && !"EXPIRED".equals(status) && expired(validUntil)) {
            reason(reasons, "expired", "the certificate was valid until " + validUntil);
        }
        List<String> logged = new ArrayList<>(List.of("Certificate.certificateNumber", "Certificate.certificateType",
                "Certificate.issuingDepartment", "Certificate.status", "Certificate.validUntil"));
        if (request.documentDigest() != null) {
            logged.add("Certificate.documentDigest");
            if (!request.documentDigest().equals(digest)) {
                reason(reasons, "digest_mismatch", digest == null ? "the department recorded no digest of the signed document"
                        : "the document's digest is not the one the department recorded: it is not the issued document");
            }
        }
        PartiesShown shown = new PartiesShown();
        shown.record(schema(), found.get().subject(), fields, logged);
        if (shown.isEmpty()) {
            // A certificate naming no holder: logged under its own number, the only key it has.
            shown.party(found.get().subject(), logged, PartiesShown.reference(CERTIFICATE, found.get().subject()));
        }
        accessLog.appendAll(shown.events(client, grant.purpose(), "verify"));
        body.put("valid", reasons.isEmpty()).set("reasons", reasons);
        ObjectNode certificate = body.putObject("certificate").put("number", found.get().subject())
                .put("type", text(fields, "certificateType")).put("status", status);
        if (validUntil == null) {
            certificate.putNull("validUntil");
        } else {
            certificate.put("validUntil", validUntil);
        }
        return Answer.ok(body);
    }

    /** What a verification asks: a certificate by number or, for an uploaded file without one, by digest. */
    private record VerifyRequest(String certificateNumber, String department, String documentDigest) {}

    /** The JSON body of a verification; {@code documentDigest} may carry a {@code sha256:} prefix. */
    record VerifyBody(@JsonProperty("certificateNumber") String certificateNumber, @JsonProperty("department") String department,
                      @JsonProperty("documentDigest") String documentDigest) {}

    /** The JSON request. */
    private VerifyRequest jsonVerifyRequest(ApiRequest request) {
        VerifyBody body = request.body(VerifyBody.class);
        String number = BodyFields.required(body.certificateNumber(), "certificateNumber", 64);
        String department = department(BodyFields.required(body.department(), "department", 64));
        String digest = BodyFields.optional(body.documentDigest(), "documentDigest", 80);
        if (digest != null) {
            digest = digest.toLowerCase(Locale.ROOT);
            digest = digest.startsWith("sha256:") ? digest.substring("sha256:".length()) : digest;
            if (!digest.matches("[0-9a-f]{64}")) {
                throw Refusal.badRequest("invalid_field", "field 'documentDigest' must be the SHA-256 of the document: 64 hex digits");
            }
        }
        return new VerifyRequest(certificateNumber(number), department, digest);
    }

    private VerifyRequest multipartVerifyRequest(ApiRequest request) {
        String department = department(request.field("department"));
        String number = request.optionalField("certificateNumber");
        UploadedFile file = request.file("file", maxUploadBytes);
        return new VerifyRequest(number == null ? null : certificateNumber(number), department, MaterialStore.sha256Hex(file.content()));
    }

    private static String department(String raw) {
        String department = raw.strip();
        if (!Names.DEPARTMENT.pattern().matcher(department).matches()) {
            throw Refusal.badRequest("invalid_field", "field 'department' is " + Names.DEPARTMENT.description());
        }
        return department;
    }

    private CanonicalSchema schema() {
        return schemas.require(CERTIFICATE);
    }

    private String certificateNumber(String raw) {
        return SubjectKeys.record("field 'certificateNumber'", schema(), raw);
    }

    /** The certificate whose signed document has the digest; the named department's first should two share it. */
    private Optional<PoolReader.GoldenRecord> byDigest(String digest, String department) {
        List<PoolReader.GoldenRecord> candidates = reader.certificatesWithDigest(digest);
        return candidates.stream().filter(record -> issuedBy(record, department)).findFirst()
                .or(() -> candidates.stream().findFirst());
    }

    private static boolean issuedBy(PoolReader.GoldenRecord record, String department) {
        return department.equals(text(record.fields(), "issuingDepartment"));
    }

    private boolean expired(String validUntil) {
        try {
            return LocalDate.parse(validUntil).isBefore(LocalDate.now(clock));
        } catch (DateTimeParseException e) {
            return false;
        }
    }

    private static void reason(ArrayNode reasons, String code, String message) {
        reasons.addObject().put("code", code).put("message", message);
    }

    private static String text(ObjectNode fields, String field) {
        JsonNode value = fields.path(field).get("value");
        return value == null || value.isNull() ? null : value.asText();
    }

}
