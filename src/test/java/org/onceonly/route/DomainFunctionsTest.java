/*
 * Copyright 2026 The OnceOnly Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.onceonly.route;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import net.thisptr.jackson.jq.BuiltinFunctionLoader;
import net.thisptr.jackson.jq.JsonQuery;
import net.thisptr.jackson.jq.Scope;
import net.thisptr.jackson.jq.Versions;
import net.thisptr.jackson.jq.exception.JsonQueryException;
import org.junit.jupiter.api.Test;

/** The domain functions through real jq evaluation, in a scope built the way camel-jq builds its own. */
class DomainFunctionsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Scope ROOT = rootScope();
    private static final String IDENTITY_NUMBER = "11010519491231002X";

    private static Scope rootScope() {
        Scope scope = Scope.newEmptyScope();
        BuiltinFunctionLoader.getInstance().loadFunctions(Versions.JQ_1_6, scope);
        DomainFunctions.all().forEach(scope::addFunction);
        return scope;
    }

    /** Runs a jq expression on JSON input text and returns its only output. */
    private static JsonNode jq(String expression, String inputJson) throws Exception {
        List<JsonNode> out = new ArrayList<>();
        JsonQuery.compile(expression, Versions.JQ_1_6).apply(Scope.newChildScope(ROOT), JSON.readTree(inputJson), out::add);
        assertThat(out).hasSize(1);
        return out.get(0);
    }

    private static String jqText(String expression, String inputJson) throws Exception {
        JsonNode out = jq(expression, inputJson);
        assertThat(out.isTextual()).as("text output, got %s", out).isTrue();
        return out.asText();
    }

    @Test
    void everyFunctionIsBoundUnderNameAndArity() {
        assertThat(DomainFunctions.all()).containsOnlyKeys(
                "citizen_id/0", "date/1", "credit_code/0", "code/1", "code_name/1", "code_of/1");
    }

    // citizen_id

    @Test
    void citizenIdNormalisesAValidNumber() throws Exception {
        assertThat(jqText("citizen_id", "\" 11010519491231002x \"")).isEqualTo(IDENTITY_NUMBER);
    }

    @Test
    void citizenIdReadsFullWidthDigitsAndNoBreakSpacesAsTheApiDoes() throws Exception {
        assertThat(jqText("citizen_id", "\"\u00A0１１０１０５１９４９１２３１００２ｘ\u3000\"")).isEqualTo(IDENTITY_NUMBER);
    }

    @Test
    void creditCodeUpperCasesAndReadsFullWidthLikeTheApi() throws Exception {
        assertThat(jqText("credit_code", "\"\u00A091350100m000100y43 \"")).isEqualTo("91350100M000100Y43");
    }

    @Test
    void citizenIdUpgradesAFirstGenerationNumber() throws Exception {
        assertThat(jqText(".sfzh | citizen_id", "{\"sfzh\": \"110105491231002\"}")).isEqualTo(IDENTITY_NUMBER);
    }

    @Test
    void citizenIdFailsNamingTheRuleWithTheNumberMasked() {
        assertThatThrownBy(() -> jq("citizen_id", "\"110105194912310021\""))
                .isInstanceOf(JsonQueryException.class)
                .hasMessageStartingWith("citizen_id: check character does not match")
                .message().doesNotContain("1949123100");
    }

    @Test
    void citizenIdFailsOnAnImpossibleBirthDate() {
        assertThatThrownBy(() -> jq("citizen_id", "\"110105199002301234\""))
                .hasMessageStartingWith("citizen_id: birth date is not a real date")
                .message().doesNotContain("19900230");
    }

    // date

    @Test
    void dateParsesCompactDigits() throws Exception {
        assertThat(jqText(".csrq | date(\"yyyyMMdd\")", "{\"csrq\": \"19491231\"}")).isEqualTo("1949-12-31");
    }

    @Test
    void dateParsesChineseWrittenDates() throws Exception {
        assertThat(jqText("date(\"yyyy年M月d日\")", "\"1949年12月31日\"")).isEqualTo("1949-12-31");
    }

    @Test
    void dateFailsOn30February() {
        assertThatThrownBy(() -> jq("date(\"yyyyMMdd\")", "\"19900230\""))
                .isInstanceOf(JsonQueryException.class)
                .hasMessage("date: text of length 8 is not a real date in the form yyyyMMdd");
        assertThatThrownBy(() -> jq("date(\"yyyy年M月d日\")", "\"1990年2月30日\""))
                .hasMessageContaining("is not a real date in the form yyyy年M月d日");
    }

    @Test
    void dateFailsOnTextInAnotherForm() {
        assertThatThrownBy(() -> jq("date(\"yyyyMMdd\")", "\"1949年12月31日\""))
                .hasMessageStartingWith("date: text of length");
    }

    // credit_code

    @Test
    void creditCodeNormalisesAValidCode() throws Exception {
        assertThat(jqText(".tyshxydm | credit_code", "{\"tyshxydm\": \" 91350100m000100y43\"}")).isEqualTo("91350100M000100Y43");
    }

    @Test
    void creditCodeFailsNamingTheRule() {
        assertThatThrownBy(() -> jq("credit_code", "\"91350100M000100Y44\""))
                .isInstanceOf(JsonQueryException.class)
                .hasMessageStartingWith("credit_code: check character (position 18) does not match");
    }

    @Test
    void creditCodeNeverEchoesAnIdentityNumberGivenByMistake() {
        assertThatThrownBy(() -> jq("credit_code", "\"" + IDENTITY_NUMBER + "\""))
                .hasMessageStartingWith("credit_code: ")
                .message().doesNotContain("19491231");
    }

    // code

    @Test
    void codeReturnsAKnownCodeAsText() throws Exception {
        assertThat(jqText("code(\"gender\")", "\"2\"")).isEqualTo("2");
        assertThat(jqText("code(\"gender\")", "1")).isEqualTo("1");
        assertThat(jqText("code(\"marital-status\")", "20")).isEqualTo("20");
    }

    @Test
    void codeRestoresLeadingZerosOfEthnicityCodes() throws Exception {
        assertThat(jqText("code(\"ethnicity\")", "1")).isEqualTo("01");
        assertThat(jqText("code(\"ethnicity\")", "\"1\"")).isEqualTo("01");
        assertThat(jqText("code(\"ethnicity\")", "1.0")).isEqualTo("01");
        assertThat(jqText("code(\"ethnicity\")", "\"05\"")).isEqualTo("05");
    }

    @Test
    void codeReturnsDivisionCodesAsSixDigits() throws Exception {
        assertThat(jqText("code(\"division\")", "440305")).isEqualTo("440305");
        assertThat(jqText("code(\"division\")", "\"110105\"")).isEqualTo("110105");
    }

    @Test
    void codeFailsOnAValueOutsideTheTableNamingTableAndStandard() {
        assertThatThrownBy(() -> jq("code(\"gender\")", "\"7\""))
                .isInstanceOf(JsonQueryException.class)
                .hasMessageStartingWith("code: '7' is not a code of gender (GB/T 2261.1-2003");
        assertThatThrownBy(() -> jq("code(\"division\")", "440303"))
                .hasMessageStartingWith("code: '440303' is not a code of division (GB/T 2260");
        assertThatThrownBy(() -> jq("code(\"ethnicity\")", "1.5"))
                .hasMessageStartingWith("code: '1.5' is not a code of ethnicity");
    }

    @Test
    void codeFailsOnAValueThatIsNeitherTextNorNumber() {
        assertThatThrownBy(() -> jq("code(\"gender\")", "true"))
                .hasMessage("code: a code must be text or a number, found boolean");
    }

    @Test
    void codeNeverEchoesAnIdentityNumberGivenByMistake() {
        assertThatThrownBy(() -> jq("code(\"gender\")", "\"" + IDENTITY_NUMBER + "\""))
                .hasMessageStartingWith("code: ")
                .message().doesNotContain("19491231");
    }

    // code_name

    @Test
    void codeNameReturnsTheNameOfACode() throws Exception {
        assertThat(jqText("code_name(\"ethnicity\")", "1")).isEqualTo("汉族");
        assertThat(jqText("code_name(\"gender\")", "\"2\"")).isEqualTo("女性");
        assertThat(jqText("code_name(\"division\")", "\"440305\"")).isEqualTo("南山区");
        assertThat(jqText("code_name(\"household-relation\")", "\"02\"")).isEqualTo("户主");
    }

    @Test
    void codeNameFailsOnAnUnknownCode() {
        assertThatThrownBy(() -> jq("code_name(\"marital-status\")", "\"24\""))
                .hasMessageStartingWith("code_name: '24' is not a code of marital-status (GB/T 2261.2-2003");
    }

    // code_of

    @Test
    void codeOfReturnsTheCodeOfAName() throws Exception {
        assertThat(jqText("code_of(\"gender\")", "\"男\"")).isEqualTo("1");
        assertThat(jqText("code_of(\"ethnicity\")", "\"汉族\"")).isEqualTo("01");
        assertThat(jqText("code_of(\"ethnicity\")", "\" 汉 \"")).isEqualTo("01");
        assertThat(jqText("code_of(\"marital-status\")", "\"离婚\"")).isEqualTo("40");
    }

    @Test
    void codeOfFailsOnAnUnknownName() {
        assertThatThrownBy(() -> jq("code_of(\"ethnicity\")", "\"火星\""))
                .isInstanceOf(JsonQueryException.class)
                .hasMessageStartingWith("code_of: '火星' is not a name in ethnicity (GB 3304-1991");
    }

    @Test
    void codeOfFailsOnANameSharedByTwoCodes() {
        assertThatThrownBy(() -> jq("code_of(\"division\")", "\"市辖区\""))
                .hasMessageContaining("'市辖区' names 2 codes of division")
                .hasMessageContaining("110100, 310100");
    }

    // every code-table function

    @Test
    void unknownTableIdFailsNamingTheKnownIds() {
        for (String function : List.of("code", "code_name", "code_of")) {
            assertThatThrownBy(() -> jq(function + "(\"sex\")", "\"1\""))
                    .isInstanceOf(JsonQueryException.class)
                    .hasMessage(function + ": unknown code table 'sex'; known tables: "
                            + "gender, marital-status, ethnicity, household-relation, division");
        }
    }

    @Test
    void unknownTableIdFailsEvenForNullInputSoATypoShowsAtOnce() {
        assertThatThrownBy(() -> jq("code(\"sex\")", "null")).hasMessageContaining("unknown code table 'sex'");
    }

    @Test
    void tableIdMustBeText() {
        assertThatThrownBy(() -> jq("code(1)", "\"1\"")).hasMessageStartingWith("code: the table id must be text");
    }

    @Test
    void everyFunctionPassesNullAndEmptyTextThroughAsNull() throws Exception {
        for (String expression : List.of("citizen_id", "date(\"yyyyMMdd\")", "credit_code", "code(\"gender\")",
                "code_name(\"ethnicity\")", "code_of(\"gender\")")) {
            assertThat(jq(expression, "null").isNull()).as(expression + " on null").isTrue();
            assertThat(jq(expression, "\"\"").isNull()).as(expression + " on empty text").isTrue();
            assertThat(jq(expression, "\"  \"").isNull()).as(expression + " on blank text").isTrue();
        }
    }

    @Test
    void aRowMapsThroughSeveralFunctionsAtOnce() throws Exception {
        JsonNode person = jq("""
                {citizenId: (.sfzh | citizen_id), gender: (.xb | code("gender")), ethnicity: (.mz | code("ethnicity")),
                 birthDate: (.csrq | date("yyyyMMdd")), relation: (.yhzgx | code_of("household-relation"))}""",
                "{\"sfzh\": \"110105491231002\", \"xb\": 2, \"mz\": 1, \"csrq\": \"19491231\", \"yhzgx\": \"户主\"}");

        assertThat(person).isEqualTo(JSON.readTree("""
                {"citizenId": "11010519491231002X", "gender": "2", "ethnicity": "01", "birthDate": "1949-12-31", "relation": "02"}"""));
    }
}
