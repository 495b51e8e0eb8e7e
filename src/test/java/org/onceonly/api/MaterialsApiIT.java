/*
 * Copyright 2026 The OnceOnly Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.onceonly.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.onceonly.access.AccessLog;
import org.onceonly.access.Tokens;
import org.onceonly.hub.HubSettings;
import org.onceonly.pool.MaterialStore;
import org.onceonly.testkit.ApiClient.Part;
import org.onceonly.testkit.ApiClient;
import org.onceonly.testkit.Department;
import org.onceonly.testkit.HubExtension;
import org.onceonly.testkit.Patience;
import org.onceonly.testkit.TestCertificateCentre;
import org.onceonly.testkit.TestDepartment;
import org.onceonly.testkit.TestHubs;

/**
 * Materials over real HTTP against a hub whose certificates come from the demo's certificate centre,
 * captured by Debezium through the project's own route: uploads stored once by content, served only for
 * their subject, refused by size and content type; a subject's uploads and certificates; verification.
 */
class MaterialsApiIT {
    private static final long MAX_UPLOAD = 64 * 1024;
    private static final String READER_TOKEN = "oo_test-reader-token-0123456789abcdefghijklmnopq";
    private static final byte[] MARRIAGE_CERTIFICATE_PDF = pdf("结婚证 JHZ-T-0001");

    @Department(residents = 3)
    static TestDepartment department;
    @RegisterExtension
    static final HubExtension hub = HubExtension.inProcess().startedByTest();
    static TestCertificateCentre certificates;
    static ApiClient api;
    static String holder;
    static String other;

    @BeforeAll
    static void start() throws IOException {
        holder = department.identityNumberOf(1);
        other = department.identityNumberOf(2);
        certificates = TestCertificateCentre.beside(department);
        certificates.issueToPerson("JHZ-T-0001", "结婚证", holder, "持证人甲", "MZ", null, "有效", sha256(MARRIAGE_CERTIFICATE_PDF));
        certificates.issueToPerson("JHZ-T-0002", "结婚证", holder, "持证人甲", "MZ", null, "吊销", sha256(pdf("revoked")));
        certificates.issueToPerson("JHZ-T-0003", "离婚证", holder, "持证人甲", "MZ", LocalDate.of(2020, 1, 1), "有效", null);
        Files.writeString(hub.clients().resolve("reader-only.yaml"), """
                id: reader-only
                organisation: A Portal That May Only Read Persons
                role: platform
                tokenSha256: %s
                grants:
                  - purpose: %s
                    read: {Person: ["*"]}
                """.formatted(Tokens.sha256Hex(READER_TOKEN), TestHubs.PURPOSE));
        hub.start(config -> config.with(HubSettings.MATERIALS_MAX_UPLOAD, MAX_UPLOAD));
        api = hub.api();
        Patience.await().until(() -> hub.pool().count("Certificate") >= 3 && hub.pool().count("Person") >= 3);
    }

    @Test
    void anIdenticalUploadIsStoredOnceAndLinkedOncePerSubject() {
        byte[] scan = pdf("户口簿 scan");

        ApiClient.Response first = upload(holder, "hukou.pdf", "application/pdf", scan);
        ApiClient.Response again = upload(holder, "hukou-again.pdf", "application/pdf", scan);
        ApiClient.Response byOther = upload(other, "copy.pdf", "application/pdf", scan);

        String ref = "sha256:" + sha256(scan);
        assertThat(first.status()).isEqualTo(201);
        assertThat(first.body().get("ref").asText()).isEqualTo(ref);
        assertThat(first.body().get("mediaType").asText()).isEqualTo("application/pdf");
        assertThat(first.body().get("stored").asText()).isEqualTo("new");
        assertThat(again.body().get("stored").asText()).isEqualTo("existing");
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.body().get("ref").asText()).isEqualTo(ref);
        assertThat(byOther.status()).isEqualTo(201);
        assertThat(byOther.body().get("ref").asText()).isEqualTo(ref);
        // Stored once, linked once to each subject.
        assertThat(hub.pool().materials(holder)).extracting(MaterialStore.Linked::ref).containsOnlyOnce(ref);
        assertThat(hub.pool().materials(other)).extracting(MaterialStore.Linked::ref).containsExactly(ref);
    }

    @Test
    void theUploadedFileLeavesNoCopyInTheUploadDirectory() {
        assertThat(upload(holder, "photo.png", "image/png", png("证件照")).status()).isIn(200, 201);

        Path uploads = hub.config().dataDirectory().resolve("uploads");
        Patience.await().atMost(Duration.ofSeconds(10)).until(() -> fileCount(uploads) == 0);
    }

    @Test
    void aFileOverTheLimitIsRefusedWith413Json() {
        byte[] justOver = padded(pdf("large"), (int) MAX_UPLOAD + 1);
        // Over the HTTP server's own body limit (the upload limit and a margin for the multipart framing).
        byte[] farOver = padded(pdf("huge"), (int) MAX_UPLOAD + 2 * 1024 * 1024);

        ApiClient.Response over = upload(holder, "large.pdf", "application/pdf", justOver);
        ApiClient.Response beyondTheServersLimit = upload(holder, "huge.pdf", "application/pdf", farOver);

        assertThat(over.status()).isEqualTo(413);
        assertThat(over.body().get("error").asText()).isEqualTo("too_large");
        assertThat(over.body().get("message").asText()).contains("file").contains(Long.toString(MAX_UPLOAD));
        assertThat(beyondTheServersLimit.status()).isEqualTo(413);
        assertThat(beyondTheServersLimit.body().get("error").asText()).isEqualTo("too_large");
        assertThat(hub.pool().materials(holder)).extracting(MaterialStore.Linked::size).allSatisfy(size -> assertThat(size).isLessThanOrEqualTo(MAX_UPLOAD));
    }

    @Test
    void contentThatIsNotPdfPngOrJpegIsRefusedWith415() {
        ApiClient.Response script = upload(holder, "notes.pdf", "application/pdf", "#!/bin/sh\nrm -rf /\n".getBytes(StandardCharsets.UTF_8));

        assertThat(script.status()).isEqualTo(415);
        assertThat(script.body().get("error").asText()).isEqualTo("unsupported_media_type");
        assertThat(script.body().get("message").asText()).contains("PDF, PNG or JPEG");
    }

    @Test
    void aDeclaredTypeThatDisagreesWithTheContentIsRefusedWith415() {
        ApiClient.Response pngNamedPdf = upload(holder, "scan.pdf", "application/pdf", png("not a pdf"));
        ApiClient.Response pdfDeclaredJpeg = upload(holder, "scan", "image/jpeg", pdf("not a jpeg"));

        assertThat(pngNamedPdf.status()).isEqualTo(415);
        assertThat(pngNamedPdf.body().get("message").asText()).contains("application/pdf").contains("image/png");
        assertThat(pdfDeclaredJpeg.status()).isEqualTo(415);
    }

    @Test
    void aFileWithoutExtensionIsJudgedByItsContent() {
        ApiClient.Response jpeg = upload(holder, "IMG0001", "application/octet-stream", jpeg("无扩展名"));

        assertThat(jpeg.status()).isEqualTo(201);
        assertThat(jpeg.body().get("mediaType").asText()).isEqualTo("image/jpeg");
        assertThat(jpeg.body().get("fileName").asText()).isEqualTo("IMG0001");
    }

    @Test
    void missingPartsAndABadSubjectAreRefusedWith400NamingThePartAndJsonWith415() {
        ApiClient.Response noFile = api.multipart("/v1/materials", Part.field("subject", holder));
        ApiClient.Response noSubject = api.multipart("/v1/materials", Part.file("file", "a.pdf", "application/pdf", pdf("a")));
        String badCheckCharacter = holder.substring(0, 17) + (holder.endsWith("0") ? "1" : "0");
        ApiClient.Response badSubject = upload(badCheckCharacter, "a.pdf", "application/pdf", pdf("a"));
        ApiClient.Response notMultipart = api.post("/v1/materials", "{\"subject\": \"" + holder + "\"}");

        assertThat(noFile.status()).isEqualTo(400);
        assertThat(noFile.body().get("message").asText()).contains("'file'");
        assertThat(noSubject.status()).isEqualTo(400);
        assertThat(noSubject.body().get("message").asText()).contains("'subject'");
        assertThat(badSubject.status()).isEqualTo(400);
        assertThat(badSubject.body().get("error").asText()).isEqualTo("invalid_subject");
        assertThat(badSubject.body().toString()).doesNotContain(badCheckCharacter);
        assertThat(notMultipart.status()).isEqualTo(415);
        assertThat(notMultipart.body().get("error").asText()).isEqualTo("unsupported_media_type");
    }

    @Test
    void aMaterialsContentIsServedToItsSubjectOnly() {
        byte[] photo = png("户口簿照片");
        String ref = upload(holder, "photo.png", "image/png", photo).body().get("ref").asText();

        ApiClient.Binary own = api.bytes("/v1/materials/" + ref + "?subject=" + holder);
        ApiClient.Response othersRef = api.get("/v1/materials/" + ref + "?subject=" + other);
        ApiClient.Response unknown = api.get("/v1/materials/sha256:" + "0".repeat(64) + "?subject=" + holder);

        assertThat(own.status()).isEqualTo(200);
        assertThat(own.contentType()).isEqualTo("image/png");
        assertThat(own.body()).isEqualTo(photo);
        assertThat(own.headers().firstValue("cache-control")).hasValue("no-store");
        assertThat(othersRef.status()).isEqualTo(404);
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(othersRef.body()).isEqualTo(unknown.body());
        assertThat(accessLog(holder)).anySatisfy(entry -> {
            assertThat(entry.action()).isEqualTo("material");
            assertThat(entry.fields()).containsExactly("Material." + ref);
        });
    }

    @Test
    void aReferenceThatIsNotSha256HexIsRefusedWith400Json() {
        for (String ref : List.of("..%2F..%2Fetc%2Fpasswd", "..%252F..%252Fetc%252Fpasswd", "sha256:" + "A".repeat(64),
                "sha256:" + "0".repeat(63), "md5:" + "0".repeat(32), "sha256:" + "0".repeat(64) + "%00")) {
            ApiClient.Response response = api.get("/v1/materials/" + ref + "?subject=" + holder);

            assertThat(response.status()).as(ref).isEqualTo(400);
            assertThat(response.body().get("error").asText()).as(ref).isEqualTo("invalid_ref");
        }
        // Dot segments are resolved by the HTTP server before routing: the path leaves /v1/materials altogether.
        for (String path : List.of("/v1/materials/../../etc/passwd", "/v1/materials/%2e%2e/%2e%2e/etc/passwd")) {
            ApiClient.Response normalisedAway = api.get(path + "?subject=" + holder);

            assertThat(normalisedAway.status()).as(path).isEqualTo(404);
            assertThat(normalisedAway.body().get("error").asText()).as(path).isEqualTo("not_found");
        }
    }

    @Test
    void aSubjectsMaterialsAreItsUploadsAndTheCertificatesIssuedToIt() {
        String ref = upload(holder, "birth.pdf", "application/pdf", pdf("出生医学证明")).body().get("ref").asText();

        JsonNode body = api.get("/v1/subjects/" + holder + "/materials").body();

        assertThat(body.get("uploaded").findValuesAsText("ref")).contains(ref);
        JsonNode issued = body.get("certificates");
        assertThat(issued.findValuesAsText("key")).containsExactlyInAnyOrder("JHZ-T-0001", "JHZ-T-0002", "JHZ-T-0003");
        JsonNode marriage = Stream.of(issued.get(0), issued.get(1), issued.get(2))
                .filter(c -> c.get("key").asText().equals("JHZ-T-0001")).findFirst().orElseThrow();
        assertThat(marriage.get("roles").get(0).asText()).isEqualTo("holderId");
        assertThat(marriage.get("fields").get("issuingDepartment").get("value").asText()).isEqualTo("civil-affairs");
        assertThat(marriage.get("fields").get("status").get("source").asText()).isEqualTo("certificate-centre-licences");
        assertThat(accessLog(holder)).anySatisfy(entry -> {
            assertThat(entry.action()).isEqualTo("materials");
            assertThat(entry.fields()).contains("Material." + ref, "Certificate.status", "Certificate.holderId");
        });
    }

    @Test
    void aCertificatesFieldsAreShownAsTheClientsGrantAllows() {
        ApiClient reader = api.as(READER_TOKEN, TestHubs.PURPOSE);

        ApiClient.Response refused = reader.get("/v1/subjects/" + holder + "/materials");

        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.body().get("error").asText()).isEqualTo("capability_not_granted");
        assertThat(reader.multipart("/v1/materials", Part.field("subject", holder),
                Part.file("file", "a.pdf", "application/pdf", pdf("a"))).status()).isEqualTo(403);
    }

    @Test
    void verifyingARevokedCertificateSaysInvalidWithTheReason() {
        JsonNode answer = api.post("/v1/materials/verify", """
                {"certificateNumber": "JHZ-T-0002", "department": "civil-affairs"}""").body();

        assertThat(answer.get("valid").asBoolean()).isFalse();
        assertThat(answer.get("reasons").findValuesAsText("code")).containsExactly("revoked");
        assertThat(answer.get("certificate").get("status").asText()).isEqualTo("REVOKED");
        assertThat(answer.get("certificate").get("number").asText()).isEqualTo("JHZ-T-0002");
    }

    @Test
    void aValidCertificateOfTheNamedDepartmentVerifies() {
        JsonNode answer = api.post("/v1/materials/verify", """
                {"certificateNumber": "JHZ-T-0001", "department": "civil-affairs", "documentDigest": "%s"}"""
                .formatted(sha256(MARRIAGE_CERTIFICATE_PDF))).body();

        assertThat(answer.get("valid").asBoolean()).isTrue();
        assertThat(answer.get("reasons")).isEmpty();
        assertThat(answer.get("certificate").get("type").asText()).isEqualTo("结婚证");
        assertThat(answer.get("certificate").get("validUntil").isNull()).isTrue();
        assertThat(accessLog(holder)).anySatisfy(entry -> assertThat(entry.action()).isEqualTo("verify"));
    }

    @Test
    void verificationNamesEveryReasonACertificateFails() {
        JsonNode wrongDepartment = api.post("/v1/materials/verify", """
                {"certificateNumber": "JHZ-T-0001", "department": "market-regulation", "documentDigest": "%s"}"""
                .formatted(sha256(pdf("a forged copy")))).body();
        JsonNode pastItsDate = api.post("/v1/materials/verify", """
                {"certificateNumber": "JHZ-T-0003", "department": "civil-affairs"}""").body();
        JsonNode unknown = api.post("/v1/materials/verify", """
                {"certificateNumber": "JHZ-T-9999", "department": "civil-affairs"}""").body();

        assertThat(wrongDepartment.get("valid").asBoolean()).isFalse();
        assertThat(wrongDepartment.get("reasons").findValuesAsText("code")).containsExactly("wrong_department", "digest_mismatch");
        assertThat(pastItsDate.get("reasons").findValuesAsText("code")).containsExactly("expired");
        assertThat(pastItsDate.get("certificate").get("validUntil").asText()).isEqualTo("2020-01-01");
        assertThat(unknown.get("valid").asBoolean()).isFalse();
        assertThat(unknown.get("reasons").findValuesAsText("code")).containsExactly("not_found");
        assertThat(unknown.get("certificate").isNull()).isTrue();
    }

    @Test
    void anUploadedCertificateDocumentIsVerifiedByItsDigest() {
        ApiClient.Response genuine = api.multipart("/v1/materials/verify", Part.field("department", "civil-affairs"),
                Part.file("file", "marriage.pdf", "application/pdf", MARRIAGE_CERTIFICATE_PDF));
        ApiClient.Response altered = api.multipart("/v1/materials/verify", Part.field("department", "civil-affairs"),
                Part.field("certificateNumber", "JHZ-T-0001"), Part.file("file", "marriage.pdf", "application/pdf", pdf("altered")));

        assertThat(genuine.status()).isEqualTo(200);
        assertThat(genuine.body().get("valid").asBoolean()).isTrue();
        assertThat(genuine.body().get("certificate").get("number").asText()).isEqualTo("JHZ-T-0001");
        assertThat(altered.body().get("valid").asBoolean()).isFalse();
        assertThat(altered.body().get("reasons").findValuesAsText("code")).containsExactly("digest_mismatch");
    }

    @Test
    void aMalformedVerificationIsRefusedWith400NamingTheField() {
        ApiClient.Response noDepartment = api.post("/v1/materials/verify", "{\"certificateNumber\": \"JHZ-T-0001\"}");
        ApiClient.Response badDigest = api.post("/v1/materials/verify",
                "{\"certificateNumber\": \"JHZ-T-0001\", \"department\": \"civil-affairs\", \"documentDigest\": \"abc\"}");
        ApiClient.Response notJson = api.post("/v1/materials/verify", "certificate please");

        assertThat(noDepartment.status()).isEqualTo(400);
        assertThat(noDepartment.body().get("message").asText()).contains("'department'");
        assertThat(badDigest.status()).isEqualTo(400);
        assertThat(badDigest.body().get("message").asText()).contains("'documentDigest'");
        assertThat(notJson.status()).isEqualTo(400);
        assertThat(notJson.body().get("error").asText()).isEqualTo("malformed_json");
    }

    @Test
    void everyRefusalIsJsonWithoutAStackTrace() {
        List<ApiClient.Response> refusals = List.of(
                api.post("/v1/materials", "--x\r\nnot really multipart", "multipart/form-data"),
                api.post("/v1/materials/verify", "{\"certificateNumber\": [1, 2], \"department\": {}}"),
                api.post("/v1/materials/verify", "{\"certificateNumber\": \"JHZ-T-0001\", \"department\": \"civil-affairs\", \"extra\": 1}"),
                api.get("/v1/materials/sha256:" + "f".repeat(64)),
                api.get("/v1/subjects/%3Cscript%3E/materials"),
                api.get("/v1/materials"));

        assertThat(refusals).allSatisfy(response -> {
            assertThat(response.status()).isBetween(400, 499);
            assertThat(response.contentType()).startsWith("application/json");
            assertThat(response.body().get("error").isTextual()).isTrue();
            assertThat(response.body().get("message").asText()).doesNotContain("Exception").doesNotContain("\tat ").doesNotContain("script");
        });
    }

    private static ApiClient.Response upload(String subject, String fileName, String contentType, byte[] content) {
        return api.multipart("/v1/materials", Part.field("subject", subject), Part.file("file", fileName, contentType, content));
    }

    private static List<AccessLog.Entry> accessLog(String subject) {
        return hub.hub().accessLog().forSubject(subject, 100);
    }

    private static long fileCount(Path directory) throws IOException {
        if (!Files.isDirectory(directory)) {
            return 0;
        }
        try (Stream<Path> files = Files.walk(directory)) {
            return files.filter(Files::isRegularFile).count();
        }
    }

    private static byte[] pdf(String text) {
        return ("%PDF-1.7\n% " + text + "\n%%EOF\n").getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] png(String text) {
        return concat(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'}, text.getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] jpeg(String text) {
        return concat(new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xE0}, text.getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] padded(byte[] head, int size) {
        byte[] out = Arrays.copyOf(head, size);
        Arrays.fill(out, head.length, size, (byte) ' ');
        return out;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private static String sha256(byte[] content) {
        return Tokens.sha256Hex(content);
    }
}
