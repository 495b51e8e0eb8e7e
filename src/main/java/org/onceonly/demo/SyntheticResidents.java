/*
 * Copyright 2026 The OnceOnly Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.onceonly.demo;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.onceonly.identity.CitizenId;

/**
 * The person-level parts of the synthetic population: regions, identity numbers, names, ethnicity and
 * addresses, all drawn from one seeded {@link Random} so that the same seed gives the same people.
 * Identity numbers are valid GB 11643 numbers (real division codes, real birth dates, sequence parity
 * matching the gender code, MOD 11-2 check character) but belong to no one.
 * {@link SyntheticPopulation} assembles these into households and derives every department's rows.
 */
public final class SyntheticResidents {
    /** A real GB/T 2260 county-level division: code, address prefix, city and district as written in names. */
    public record Region(String code, String prefix, String city, String district) {}

    static final List<Region> REGIONS = List.of(
            new Region("110101", "北京市东城区", "北京", "东城区"), new Region("110105", "北京市朝阳区", "北京", "朝阳区"),
            new Region("310104", "上海市徐汇区", "上海", "徐汇区"), new Region("310115", "上海市浦东新区", "上海", "浦东新区"),
            new Region("440305", "广东省深圳市南山区", "深圳", "南山区"), new Region("440106", "广东省广州市天河区", "广州", "天河区"),
            new Region("330106", "浙江省杭州市西湖区", "杭州", "西湖区"), new Region("510107", "四川省成都市武侯区", "成都", "武侯区"),
            new Region("320102", "江苏省南京市玄武区", "南京", "玄武区"), new Region("420106", "湖北省武汉市武昌区", "武汉", "武昌区"));
    private static final String SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高郑梁谢宋唐许韩冯邓曹";
    private static final String GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰文斌宇浩晨欣怡子涵梓轩雨";
    private static final String[] STREETS = {"建国路", "人民路", "解放路", "中山路", "和平街", "长安街", "新华路", "文化路", "学府路", "滨江路"};
    /** GB 3304 codes: Han most of the time, as in the population. */
    private static final String[] MINORITY_ETHNICITIES = {"02", "03", "04", "05", "06", "08", "11"};
    static final DateTimeFormatter YYYYMMDD = DateTimeFormatter.BASIC_ISO_DATE;

    /** One row of the household register's {@code hukou.residents} table, in its column names. */
    public record Resident(long id, String sfzh, String xm, String xb, String mz, String csrq, String hjdz, LocalDateTime gxsj) {
        public LocalDate birthDate() {
            return LocalDate.parse(csrq, YYYYMMDD);
        }

        public boolean male() {
            return "1".equals(xb);
        }
    }

    private final Random random;
    private final Set<String> usedIdentityNumbers = new HashSet<>();

    public SyntheticResidents(long seed) {
        this.random = new Random(seed);
    }

    Random random() {
        return random;
    }

    Region region() {
        return REGIONS.get(random.nextInt(REGIONS.size()));
    }

    /** A GB 11643 number for a person born in {@code region} on {@code birth}, unique within this generator. */
    String identityNumber(Region region, LocalDate birth, boolean male) {
        while (true) {
            int sequence = random.nextInt(500) * 2 + (male ? 1 : 0);
            String first17 = region.code() + birth.format(YYYYMMDD) + String.format("%03d", sequence);
            String number = first17 + CitizenId.checkCharacter(first17);
            if (usedIdentityNumbers.add(number)) {
                return number;
            }
        }
    }

    String surname() {
        return String.valueOf(SURNAMES.charAt(random.nextInt(SURNAMES.length())));
    }

    String name(String surname) {
        StringBuilder name = new StringBuilder(surname);
        int given = random.nextInt(3) == 0 ? 1 : 2;
        for (int i = 0; i < given; i++) {
            name.append(GIVEN.charAt(random.nextInt(GIVEN.length())));
        }
        return name.toString();
    }

    String ethnicity() {
        return random.nextInt(10) == 0 ? MINORITY_ETHNICITIES[random.nextInt(MINORITY_ETHNICITIES.length)] : "01";
    }

    /** A flat's address in the region: street, number, building, room. */
    String address(Region region) {
        return region.prefix() + street() + (1 + random.nextInt(300)) + "号"
                + (1 + random.nextInt(20)) + "栋" + (101 + random.nextInt(20) * 100 + random.nextInt(4)) + "室";
    }

    /** An office address in the region: street, number, floor, room. */
    String officeAddress(Region region) {
        int floor = 1 + random.nextInt(28);
        return region.prefix() + street() + (1 + random.nextInt(500)) + "号" + floor + "层" + (floor * 100 + 1 + random.nextInt(20)) + "室";
    }

    private String street() {
        return STREETS[random.nextInt(STREETS.length)];
    }

    /** A new registered address in the same region as the current one, for demo updates (moving house). */
    public String newAddress(String currentAddress) {
        for (Region region : REGIONS) {
            if (currentAddress.startsWith(region.prefix())) {
                return address(region);
            }
        }
        return address(REGIONS.get(0));
    }

    static Region regionOf(String code) {
        for (Region region : REGIONS) {
            if (region.code().equals(code)) {
                return region;
            }
        }
        throw new IllegalArgumentException("no demo region " + code);
    }
}
