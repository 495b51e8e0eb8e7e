/*
 * Copyright 2026 The OnceOnly Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.onceonly.api.v1;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.onceonly.access.PrefillResult;
import org.onceonly.access.PrefillResult.FilledField;
import org.onceonly.access.PrefillResult.Status;
import org.onceonly.access.PrefillResult.SuppliedMaterial;
import org.onceonly.api.Answer;
import org.onceonly.api.Json;

class PrefillAnswerTest {
    @Test
    void answerNamesOnlyWhatAppliesToEachFieldAndMaterialInTheDocumentedOrder() throws Exception {
        PrefillResult result = new PrefillResult("marriage-registration", "110101199003071234", "marriage-registration",
                List.of(new FilledField("name", "Name", "Person.name", true, Status.FILLED, Json.NODES.textNode("张三"), false,
                                Json.object().put("entity", "Person").put("source", "hukou"), null),
                        new FilledField("phone", null, "Person.phone", false, Status.FILLED, Json.NODES.textNode("138****0000"), true,
                                Json.object().put("entity", "Person"), null),
                        new FilledField("hobby", "Hobby", null, false, Status.EMPTY, null, false, null, "the applicant fills it in")),
                List.of(new SuppliedMaterial("hukou", "Household register", true, Status.SUPPLIED, Json.object().put("record", "Household"), null),
                        new SuppliedMaterial("photo", "Photo", false, Status.MISSING, null, "the applicant provides it")));

        String json = new String(Answer.ok(PrefillApi.PrefillAnswer.of(result)).body(), StandardCharsets.UTF_8);

        assertThat(json).isEqualTo("{\"form\":\"marriage-registration\",\"subject\":\"110101199003071234\",\"purpose\":\"marriage-registration\","
                + "\"coverage\":{\"fieldsFilled\":2,\"fieldsAsked\":3,\"fieldShare\":0.667,\"materialsSupplied\":1,\"materialsAsked\":2,\"materialShare\":0.5},"
                + "\"fields\":["
                + "{\"name\":\"name\",\"label\":\"Name\",\"path\":\"Person.name\",\"required\":true,\"status\":\"filled\",\"value\":\"张三\","
                + "\"provenance\":{\"entity\":\"Person\",\"source\":\"hukou\"}},"
                + "{\"name\":\"phone\",\"label\":null,\"path\":\"Person.phone\",\"required\":false,\"status\":\"filled\",\"value\":\"138****0000\","
                + "\"masked\":true,\"provenance\":{\"entity\":\"Person\"}},"
                + "{\"name\":\"hobby\",\"label\":\"Hobby\",\"required\":false,\"status\":\"empty\",\"reason\":\"the applicant fills it in\"}],"
                + "\"materials\":["
                + "{\"name\":\"hukou\",\"label\":\"Household register\",\"required\":true,\"status\":\"supplied\",\"evidence\":{\"record\":\"Household\"}},"
                + "{\"name\":\"photo\",\"label\":\"Photo\",\"required\":false,\"status\":\"missing\",\"reason\":\"the applicant provides it\"}]}");
    }
}
