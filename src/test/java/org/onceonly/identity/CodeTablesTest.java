/*
 * Copyright 2026 The OnceOnly Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.onceonly.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class CodeTablesTest {
    @Test
    void everyTableLoadsWithItsStandardAndSource() {
        assertThat(CodeTables.all()).extracting(CodeTable::id)
                .containsExactly("gender", "marital-status", "ethnicity", "household-relation", "division");
        for (CodeTable table : CodeTables.all()) {
            assertThat(table.standard()).isNotBlank();
            assertThat(table.source()).isNotBlank();
            assertThat(table.size()).isPositive();
        }
        assertThat(CodeTables.gender().standard()).startsWith("GB/T 2261.1-2003");
        assertThat(CodeTables.maritalStatus().standard()).startsWith("GB/T 2261.2-2003");
        assertThat(CodeTables.ethnicity().standard()).startsWith("GB 3304-1991");
        assertThat(CodeTables.householdRelation().standard()).startsWith("GB/T 4761-2008");
        assertThat(CodeTables.division().standard()).startsWith("GB/T 2260");
    }

    @Test
    void genderHasTheFourCodesOfGbt2261Part1() {
        assertThat(CodeTables.gender().entries()).extracting(CodeTable.Entry::code).containsExactly("0", "1", "2", "9");
        assertThat(CodeTables.gender().nameOf("1")).contains("男性");
        assertThat(CodeTables.gender().contains("7")).isFalse();
    }

    @Test
    void requireRefusesAnUnknownCodeNamingTableAndStandard() {
        assertThatThrownBy(() -> CodeTables.gender().require("7"))
                .isInstanceOf(InvalidCodeException.class)
                .hasMessage("'7' is not a code of gender (GB/T 2261.1-2003)");
    }

    @Test
    void genderNameMayLeaveOffTheSuffix() {
        assertThat(CodeTables.gender().codeOf("男")).contains("1");
        assertThat(CodeTables.gender().codeOf("女性")).contains("2");
        assertThat(CodeTables.gender().codeOf("未说明的性别")).contains("9");
    }

    @Test
    void maritalStatusHasGroupAndDetailCodes() {
        CodeTable marital = CodeTables.maritalStatus();

        assertThat(marital.entries()).extracting(CodeTable.Entry::code)
                .containsExactly("10", "20", "21", "22", "23", "30", "40", "90");
        assertThat(marital.require("40")).isEqualTo("离婚");
        assertThat(marital.contains("24")).isFalse();
    }

    @Test
    void ethnicityHas56GroupsPlusTwoSpecialCodesInOfficialOrder() {
        CodeTable ethnicity = CodeTables.ethnicity();

        assertThat(ethnicity.size()).isEqualTo(58);
        assertThat(ethnicity.entries().subList(0, 12)).extracting(CodeTable.Entry::name).containsExactly(
                "汉族", "蒙古族", "回族", "藏族", "维吾尔族", "苗族", "彝族", "壮族", "布依族", "朝鲜族", "满族", "侗族");
        assertThat(ethnicity.nameOf("15")).contains("土家族");
        assertThat(ethnicity.nameOf("23")).contains("高山族");
        assertThat(ethnicity.nameOf("30")).contains("土族");
        assertThat(ethnicity.nameOf("44")).contains("俄罗斯族");
        assertThat(ethnicity.nameOf("56")).contains("基诺族");
        assertThat(ethnicity.nameOf("97")).contains("其他");
        assertThat(ethnicity.nameOf("98")).contains("外国血统中国籍人士");
        assertThat(ethnicity.contains("57")).isFalse();
        assertThat(ethnicity.contains("1")).isFalse();
    }

    @Test
    void ethnicityNameMayLeaveOffTheSuffix() {
        CodeTable ethnicity = CodeTables.ethnicity();

        assertThat(ethnicity.codeOf("汉族")).contains("01");
        assertThat(ethnicity.codeOf("汉")).contains("01");
        assertThat(ethnicity.codeOf("土")).contains("30");
        assertThat(ethnicity.codeOf("土家")).contains("15");
        assertThat(ethnicity.codeOf("火星族")).isEmpty();
    }

    @Test
    void codeOfMatchesWholeNamesOnly() {
        assertThat(CodeTables.maritalStatus().codeOf("婚")).isEmpty();
        assertThat(CodeTables.maritalStatus().codeOf("未婚")).contains("10");
    }

    @Test
    void normaliseRestoresLeadingZerosANumericColumnDropped() {
        assertThat(CodeTables.ethnicity().normalise("1")).isEqualTo("01");
        assertThat(CodeTables.householdRelation().normalise(" 2 ")).isEqualTo("02");
        assertThat(CodeTables.gender().normalise("1")).isEqualTo("1");
        // Tables without leading zeros are left as given, so a message shows what the department sent.
        assertThat(CodeTables.division().normalise("11")).isEqualTo("11");
        assertThat(CodeTables.maritalStatus().normalise("1")).isEqualTo("1");
    }

    @Test
    void householdRelationFollowsGbt4761TwoDigitCodes() {
        CodeTable relation = CodeTables.householdRelation();

        assertThat(relation.require("01")).isEqualTo("本人");
        assertThat(relation.require("02")).isEqualTo("户主");
        assertThat(relation.require("12")).isEqualTo("妻");
        assertThat(relation.require("27")).isEqualTo("养子或继子");
        assertThat(relation.require("80")).isEqualTo("其他");
        assertThat(relation.require("99")).isEqualTo("非亲属");
        assertThat(relation.contains("03")).isFalse(); // 1984's 小集体户户主, dropped in 2008
        assertThat(relation.contains("98")).isFalse();
    }

    @Test
    void divisionHasAll34ProvinceLevelCodes() {
        List<CodeTable.Entry> provinces = CodeTables.division().entries().stream()
                .filter(e -> e.code().endsWith("0000")).toList();

        assertThat(provinces).hasSize(34);
        assertThat(provinces.get(0)).isEqualTo(new CodeTable.Entry("110000", "北京市"));
        assertThat(provinces.get(33)).isEqualTo(new CodeTable.Entry("820000", "澳门特别行政区"));
    }

    @Test
    void divisionHasTheDemoCountiesAndTheirPrefectures() {
        DivisionTable division = CodeTables.division();

        for (String code : List.of("110101", "110105", "310104", "310115", "440305", "440106", "330106", "510107",
                "320102", "420106", "440300", "440100", "330100", "510100", "320100", "420100", "350100")) {
            assertThat(division.contains(code)).as(code).isTrue();
        }
        assertThat(division.require("440305")).isEqualTo("南山区");
        assertThat(division.contains("440303")).isFalse(); // a real code, but not in the subset
    }

    @Test
    void provinceOfAnswersFromTheFirstTwoDigits() {
        DivisionTable division = CodeTables.division();

        assertThat(division.provinceOf("440305")).contains(new CodeTable.Entry("440000", "广东省"));
        assertThat(division.provinceOf("440303")).contains(new CodeTable.Entry("440000", "广东省"));
        assertThat(division.provinceOf("110000")).contains(new CodeTable.Entry("110000", "北京市"));
        assertThat(division.provinceOf("990101")).isEmpty();
        assertThat(division.provinceOf("44")).isEmpty();
        assertThat(division.provinceOf(null)).isEmpty();
    }

    @Test
    void nameSharedByTwoCodesHasNoSingleCode() {
        DivisionTable division = CodeTables.division();

        assertThat(division.codesOf("市辖区")).containsExactly("110100", "310100");
        assertThat(division.codeOf("市辖区")).isEmpty();
        assertThat(division.codeOf("南山区")).contains("440305");
    }

    @Test
    void unknownTableIdIsRefusedNamingTheKnownIds() {
        assertThat(CodeTables.get("nationality")).isEmpty();
        assertThatThrownBy(() -> CodeTables.require("nationality"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("unknown code table 'nationality'; known tables: gender, marital-status, ethnicity, household-relation, division");
    }

    @Test
    void malformedLineFailsLoadingWithFileAndLineNumber() {
        List<String> lines = List.of("# table: gender", "# standard: S", "# source: T", "1\t男性", "2 女性");

        assertThatThrownBy(() -> CodeTable.parse("gender.tsv", "gender", lines))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("gender.tsv line 5: expected code<TAB>name, found 1 tab-separated fields");
    }

    @Test
    void duplicateCodeFailsLoading() {
        List<String> lines = List.of("# table: gender", "# standard: S", "# source: T", "1\t男性", "1\t女性");

        assertThatThrownBy(() -> CodeTable.parse("gender.tsv", "gender", lines))
                .hasMessage("gender.tsv line 5: code 1 appears twice");
    }

    @Test
    void nameWithSurroundingSpaceFailsLoading() {
        List<String> lines = List.of("# table: gender", "# standard: S", "# source: T", "1\t男性 ");

        assertThatThrownBy(() -> CodeTable.parse("gender.tsv", "gender", lines))
                .hasMessageStartingWith("gender.tsv line 4: name of code 1");
    }

    @Test
    void missingHeaderOrWrongTableIdFailsLoading() {
        assertThatThrownBy(() -> CodeTable.parse("gender.tsv", "gender", List.of("# table: gender", "# standard: S", "1\t男性")))
                .hasMessage("gender.tsv: missing '# source:' line");
        assertThatThrownBy(() -> CodeTable.parse("gender.tsv", "gender",
                List.of("# table: sex", "# standard: S", "# source: T", "1\t男性")))
                .hasMessage("gender.tsv: '# table: sex' should be 'gender'");
    }

    @Test
    void byteOrderMarkNotesAndEmptyLinesAreAccepted() {
        CodeTable table = CodeTable.parse("gender.tsv", "gender",
                List.of("\uFEFF# table: gender", "# standard: S", "# source: T", "# a note", "", "1\t男性"));

        assertThat(table.entries()).containsExactly(new CodeTable.Entry("1", "男性"));
    }
}
