/*
 * Copyright 2026 The OnceOnly Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.onceonly.identity;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One national code table (性别, 民族, …): its id, the standard and edition its values follow, and its
 * codes in file order. Read from a TSV file: comment lines {@code # table: …}, {@code # standard: …},
 * {@code # source: …} and optionally {@code # name-suffix: …}; other lines starting with {@code #} are
 * notes; every other non-empty line is {@code code<TAB>name}.
 */
public class CodeTable {
    /** One code and its name. */
    public record Entry(String code, String name) {}

    private static final Pattern HEADER = Pattern.compile("#\\s*(table|standard|source|name-suffix)\\s*:(.*)");
    private static final Pattern CODE = Pattern.compile("[0-9A-Z]+");

    private final String id;
    private final String standard;
    private final String source;
    private final String nameSuffix;
    private final Map<String, String> namesByCode;
    private final Map<String, List<String>> codesByName;
    private final int restoredWidth;

    protected CodeTable(CodeTable other) {
        this(other.id, other.standard, other.source, other.nameSuffix, other.namesByCode);
    }

    private CodeTable(String id, String standard, String source, String nameSuffix, Map<String, String> namesByCode) {
        this.id = id;
        this.standard = standard;
        this.source = source;
        this.nameSuffix = nameSuffix;
        this.namesByCode = Collections.unmodifiableMap(new LinkedHashMap<>(namesByCode));
        Map<String, List<String>> byName = new LinkedHashMap<>();
        namesByCode.forEach((code, name) -> byName.computeIfAbsent(name, n -> new ArrayList<>()).add(code));
        byName.replaceAll((name, codes) -> List.copyOf(codes));
        this.codesByName = Collections.unmodifiableMap(byName);
        this.restoredWidth = widthOfZeroPaddedCodes(namesByCode.keySet());
    }

    /**
     * Parses a table file strictly: any malformed line fails with the file name and line number.
     *
     * @param file the file's name, for messages
     * @param expectedId the id the file's {@code # table:} line must carry
     */
    static CodeTable parse(String file, String expectedId, List<String> lines) {
        Map<String, String> header = new LinkedHashMap<>();
        Map<String, String> names = new LinkedHashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (i == 0 && line.startsWith("\uFEFF")) {
                line = line.substring(1); // a byte-order mark, as spreadsheet exports write
            }
            String where = file + " line " + (i + 1) + ": ";
            if (line.isEmpty()) {
                continue;
            }
            if (line.startsWith("#")) {
                Matcher m = HEADER.matcher(line);
                if (m.matches()) {
                    String value = m.group(2).strip();
                    if (value.isEmpty()) {
                        throw new IllegalStateException(where + "'# " + m.group(1) + ":' has no value");
                    }
                    if (header.putIfAbsent(m.group(1), value) != null) {
                        throw new IllegalStateException(where + "'# " + m.group(1) + ":' appears twice");
                    }
                }
                continue;
            }
            String[] fields = line.split("\t", -1);
            if (fields.length != 2) {
                throw new IllegalStateException(where + "expected code<TAB>name, found " + fields.length + " tab-separated fields");
            }
            String code = fields[0];
            String name = fields[1];
            if (!CODE.matcher(code).matches()) {
                throw new IllegalStateException(where + "code '" + code + "' must be digits or capital letters only");
            }
            if (name.isBlank() || !name.equals(name.strip())) {
                throw new IllegalStateException(where + "name of code " + code + " is empty or has surrounding spaces");
            }
            if (names.putIfAbsent(code, name) != null) {
                throw new IllegalStateException(where + "code " + code + " appears twice");
            }
        }
        for (String key : List.of("table", "standard", "source")) {
            if (!header.containsKey(key)) {
                throw new IllegalStateException(file + ": missing '# " + key + ":' line");
            }
        }
        if (!header.get("table").equals(expectedId)) {
            throw new IllegalStateException(file + ": '# table: " + header.get("table") + "' should be '" + expectedId + "'");
        }
        if (names.isEmpty()) {
            throw new IllegalStateException(file + ": no codes");
        }
        return new CodeTable(expectedId, header.get("standard"), header.get("source"), header.getOrDefault("name-suffix", ""), names);
    }

    public String id() {
        return id;
    }

    /** The standard and edition, e.g. {@code GB/T 2261.1-2003}. */
    public String standard() {
        return standard;
    }

    /** Where the values come from, and whether the file is a subset. */
    public String source() {
        return source;
    }

    public List<Entry> entries() {
        List<Entry> entries = new ArrayList<>(namesByCode.size());
        namesByCode.forEach((code, name) -> entries.add(new Entry(code, name)));
        return List.copyOf(entries);
    }

    public int size() {
        return namesByCode.size();
    }

    public boolean contains(String code) {
        return code != null && namesByCode.containsKey(code);
    }

    public Optional<String> nameOf(String code) {
        return Optional.ofNullable(code == null ? null : namesByCode.get(code));
    }

    /**
     * The name of a code.
     *
     * @throws InvalidCodeException naming this table and its standard when the code is not in it
     */
    public String require(String code) {
        return nameOf(code).orElseThrow(() -> new InvalidCodeException(id, "'" + code + "' is not a code of " + this));
    }

    /**
     * The code of a name, matched exactly; where the table has a name suffix (族 for ethnicity) the name may
     * leave it off, as people write 汉 for 汉族. Empty when no code or more than one code has that name.
     */
    public Optional<String> codeOf(String name) {
        List<String> codes = codesOf(name);
        return codes.size() == 1 ? Optional.of(codes.get(0)) : Optional.empty();
    }

    /** Every code with this name (several only in tables such as divisions, where 朝阳区 occurs twice). */
    public List<String> codesOf(String name) {
        if (name == null) {
            return List.of();
        }
        List<String> codes = codesByName.get(name);
        if (codes == null && !nameSuffix.isEmpty() && !name.endsWith(nameSuffix)) {
            codes = codesByName.get(name + nameSuffix);
        }
        return codes == null ? List.of() : codes;
    }

    /**
     * A department's spelling of a code in this table's form: trimmed, upper-cased, and for tables whose
     * codes carry leading zeros (01 汉族) the zeros a numeric column dropped are put back (1 → 01). Does not
     * check that the code exists.
     */
    public String normalise(String raw) {
        String code = raw.strip().toUpperCase(Locale.ROOT);
        if (restoredWidth > 0 && !code.isEmpty() && code.length() < restoredWidth && code.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return "0".repeat(restoredWidth - code.length()) + code;
        }
        return code;
    }

    /** {@code gender (GB/T 2261.1-2003)}: how messages name the table. */
    @Override
    public String toString() {
        return id + " (" + standard + ")";
    }

    // The width to pad to when every code is digits of one width and some start with 0; otherwise 0.
    private static int widthOfZeroPaddedCodes(Iterable<String> codes) {
        int width = -1;
        boolean leadingZero = false;
        for (String code : codes) {
            if (!code.chars().allMatch(c -> c >= '0' && c <= '9') || (width >= 0 && code.length() != width)) {
                return 0;
            }
            width = code.length();
            leadingZero |= code.startsWith("0");
        }
        return leadingZero ? width : 0;
    }
}
