/*
 * Copyright 2026 The OnceOnly Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.onceonly.faults;

import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Residents rows as a careless department holds them, generated from a seed (the same seed gives the same
 * rows): most rows carry one or two faults — nulls in required columns, impossible dates, wrong check
 * characters, unknown codes, oversized text, unusual Unicode — and some are clean. Each row says which
 * faults it has and so whether the route should accept it (into the pool) or reject it (into quarantine).
 */
final class BadResidents {
    /** A fault and what the hub must do with a row that has it. */
    enum Fault {
        NULL_IDENTITY_NUMBER(false, "citizenId"),
        WRONG_CHECK_CHARACTER(false, "check character"),
        MALFORMED_IDENTITY_NUMBER(false, "identity number"),
        IMPOSSIBLE_BIRTH_DATE_IN_IDENTITY_NUMBER(false, "birth date"),
        IMPOSSIBLE_DATE(false, "date"),
        UNKNOWN_GENDER_CODE(false, "gender"),
        UNKNOWN_ETHNICITY_CODE(false, "ethnicity"),
        /** MariaDB and MySQL keep U+0000 in text; PostgreSQL (the pool) cannot store it. */
        NUL_CHARACTER(false, "U+0000"),
        NULL_NAME(true, null),
        NULL_BIRTH_DATE(true, null),
        NULL_GENDER(true, null),
        OVERSIZED_NAME(true, null),
        OVERSIZED_ADDRESS(true, null),
        UNUSUAL_UNICODE_NAME(true, null),
        UNUSUAL_UNICODE_ADDRESS(true, null);

        final boolean accepted;
        /** A word the quarantine reason of a row with only this fault contains. */
        final String reasonMentions;

        Fault(boolean accepted, String reasonMentions) {
            this.accepted = accepted;
            this.reasonMentions = reasonMentions;
        }
    }

    /** One generated row, with its faults. */
    record Row(long id, String sfzh, String xm, String xb, String mz, String csrq, String hjdz, Set<Fault> faults) {
        boolean accepted() {
            return faults.stream().allMatch(f -> f.accepted);
        }

        @Override
        public String toString() {
            return "row " + id + " " + faults;
        }
    }

    /** Faults that undo each other on one column (a null date is no longer an impossible one). */
    private static final java.util.Map<Fault, Fault> CANCELS = java.util.Map.of(
            Fault.NULL_BIRTH_DATE, Fault.IMPOSSIBLE_DATE, Fault.IMPOSSIBLE_DATE, Fault.NULL_BIRTH_DATE,
            Fault.NULL_GENDER, Fault.UNKNOWN_GENDER_CODE, Fault.UNKNOWN_GENDER_CODE, Fault.NULL_GENDER);
    private static final DateTimeFormatter YYYYMMDD = DateTimeFormatter.ofPattern("yyyyMMdd");
    private static final String[] REGIONS = {"110105", "310104", "440106", "320102", "510107"};
    private static final String[] NAMES = {"王芳", "李娜", "张伟", "刘洋", "陈静", "欧阳娜娜", "司马相如"};
    /** Text that is valid Unicode but unusual: what a careless copy-and-paste or an old system leaves behind. */
    private static final String[] UNUSUAL = {
        "𠀀𪚥𰻞",                          // CJK Extension B-G: outside the BMP, surrogate pairs in Java
        "👨‍👩‍👧‍👦",                           // emoji joined with zero-width joiners
        "e\u0301 vs \u00e9",                 // combining accent next to its precomposed twin: must not be normalised
        "\u202eRTL override\u202c",          // bidirectional override
        "\ufeffBOM in the middle\u200b",     // byte-order mark and zero-width space
        "\ue000\uf8ff",                      // private use area
        "tab\tnew\nline\rbell\u0007esc\u001b", // control characters
        "\\u0000 \"quotes\" 'single' \\ back", // a literal backslash-u, quotes and backslashes
        "'); DROP TABLE hukou.residents; --", // SQL, as text
        "㊣ ㍿ Ⅻ ＡＢＣ",                      // compatibility characters, full-width letters
        "\ud7ff\ue000\ufffd",                 // the edges around the surrogate block, and the replacement character
    };

    private final Random random;
    private final boolean nulCharacters;
    private int sequence;

    /** {@code nulCharacters}: whether the department's database can hold U+0000 in text (MariaDB, not PostgreSQL). */
    BadResidents(long seed, boolean nulCharacters) {
        this.random = new Random(seed);
        this.nulCharacters = nulCharacters;
    }

    /** {@code count} rows with ids from {@code firstId}: about one in six clean, the rest with one or two faults. */
    List<Row> next(long firstId, int count) {
        List<Row> rows = new ArrayList<>(count);
        List<Fault> kinds = EnumSet.allOf(Fault.class).stream().filter(f -> nulCharacters || f != Fault.NUL_CHARACTER).toList();
        for (int i = 0; i < count; i++) {
            Set<Fault> faults = EnumSet.noneOf(Fault.class);
            int howMany = random.nextInt(6) == 0 ? 0 : 1 + random.nextInt(2);
            while (faults.size() < howMany) {
                Fault fault = kinds.get(random.nextInt(kinds.size()));
                if (!faults.contains(CANCELS.getOrDefault(fault, fault))) {
                    faults.add(fault);
                }
            }
            rows.add(row(firstId + i, faults));
        }
        return rows;
    }

    private Row row(long id, Set<Fault> faults) {
        int n = sequence++;
        LocalDate birth = LocalDate.of(1950, 1, 1).plusDays(n / 999);
        String region = REGIONS[n % REGIONS.length];
        String first17 = region + birth.format(YYYYMMDD) + String.format("%03d", 1 + n % 999);
        String sfzh = first17 + org.onceonly.identity.CitizenId.checkCharacter(first17);
        String xm = NAMES[random.nextInt(NAMES.length)];
        String xb = random.nextBoolean() ? "1" : "2";
        String mz = String.format("%02d", 1 + random.nextInt(5));
        String csrq = birth.format(YYYYMMDD);
        String hjdz = "北京市朝阳区测试路" + id + "号";
        for (Fault fault : faults) {
            switch (fault) {
                case NULL_IDENTITY_NUMBER -> sfzh = null;
                case WRONG_CHECK_CHARACTER -> sfzh = sfzh == null ? null : first17 + wrongCheck(sfzh.charAt(17));
                case MALFORMED_IDENTITY_NUMBER -> sfzh = pick("12345", "11010519491231002XX", "ABCDEFGHIJKLMNOPQR", "０１２３４５６７８９０１２３４５６７", "110105 19491231002");
                case IMPOSSIBLE_BIRTH_DATE_IN_IDENTITY_NUMBER -> {
                    String body = region + pick("20230230", "19991301", "21000101", "18000101") + String.format("%03d", 1 + n % 999);
                    sfzh = body + org.onceonly.identity.CitizenId.checkCharacter(body);
                }
                case IMPOSSIBLE_DATE -> csrq = pick("20230230", "19991301", "00000000", "20240431", "1990021", "abcdefgh", "2023-02-28");
                case UNKNOWN_GENDER_CODE -> xb = pick("7", "M", "男", "3");
                case UNKNOWN_ETHNICITY_CODE -> mz = pick("77", "汉", "00", "99X");
                case NUL_CHARACTER -> { } // below, after any fault that replaces the address
                case NULL_NAME -> xm = null;
                case NULL_BIRTH_DATE -> csrq = null;
                case NULL_GENDER -> xb = null;
                case OVERSIZED_NAME -> xm = "名".repeat(5_000 + random.nextInt(5_000));
                case OVERSIZED_ADDRESS -> hjdz = "很长的地址".repeat(20_000 + random.nextInt(20_000));
                case UNUSUAL_UNICODE_NAME -> xm = (xm == null ? "" : xm) + UNUSUAL[random.nextInt(UNUSUAL.length)];
                case UNUSUAL_UNICODE_ADDRESS -> hjdz = hjdz + UNUSUAL[random.nextInt(UNUSUAL.length)];
            }
        }
        if (faults.contains(Fault.NUL_CHARACTER)) {
            hjdz = hjdz.substring(0, 3) + "\u0000" + hjdz.substring(3);
        }
        return new Row(id, sfzh, xm, xb, mz, csrq, hjdz, faults);
    }

    private String pick(String... choices) {
        return choices[random.nextInt(choices.length)];
    }

    private static char wrongCheck(char right) {
        return right == '1' ? '2' : '1';
    }

    static String describe(List<Row> rows) {
        return rows.stream().flatMap(r -> r.faults().stream()).collect(Collectors.groupingBy(f -> f, java.util.TreeMap::new,
                Collectors.counting())).toString();
    }
}
