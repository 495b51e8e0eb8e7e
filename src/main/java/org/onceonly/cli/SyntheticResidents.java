package org.onceonly.cli;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.onceonly.identity.CitizenId;

/**
 * Deterministic synthetic residents for demos and tests: the same seed gives the same people. Identity
 * numbers are valid GB 11643 numbers (real division codes, real birth dates, sequence parity matching the
 * gender code, MOD 11-2 check character) but belong to no one.
 */
public final class SyntheticResidents {
    /** Real GB/T 2260 county-level codes and the address prefix they stand for. */
    private static final String[][] REGIONS = {
            {"110101", "北京市东城区"}, {"110105", "北京市朝阳区"}, {"310104", "上海市徐汇区"}, {"310115", "上海市浦东新区"},
            {"440305", "广东省深圳市南山区"}, {"440106", "广东省广州市天河区"}, {"330106", "浙江省杭州市西湖区"},
            {"510107", "四川省成都市武侯区"}, {"320102", "江苏省南京市玄武区"}, {"420106", "湖北省武汉市武昌区"}};
    private static final String SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高郑梁谢宋唐许韩冯邓曹";
    private static final String GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰文斌宇浩晨欣怡子涵梓轩雨";
    private static final String[] STREETS = {"建国路", "人民路", "解放路", "中山路", "和平街", "长安街", "新华路", "文化路", "学府路", "滨江路"};
    /** GB 3304 codes: Han most of the time, as in the population. */
    private static final String[] MINORITY_ETHNICITIES = {"02", "03", "04", "05", "06", "08", "11"};
    private static final LocalDateTime BASE_UPDATE_TIME = LocalDateTime.of(2026, 1, 5, 9, 0);
    private static final DateTimeFormatter YYYYMMDD = DateTimeFormatter.BASIC_ISO_DATE;

    /** One row of the household register's {@code hukou.residents} table, in its column names. */
    public record Resident(long id, String sfzh, String xm, String xb, String mz, String csrq, String hjdz, LocalDateTime gxsj) {}

    private final Random random;

    public SyntheticResidents(long seed) {
        this.random = new Random(seed);
    }

    public List<Resident> generate(int count) {
        List<Resident> residents = new ArrayList<>(count);
        Set<String> used = new HashSet<>();
        while (residents.size() < count) {
            String[] region = REGIONS[random.nextInt(REGIONS.length)];
            LocalDate birth = LocalDate.of(1940, 1, 1).plusDays(random.nextInt(365 * 66));
            boolean male = random.nextBoolean();
            int sequence = random.nextInt(500) * 2 + (male ? 1 : 0);
            String first17 = region[0] + birth.format(YYYYMMDD) + String.format("%03d", sequence);
            String sfzh = first17 + CitizenId.checkCharacter(first17);
            if (!used.add(sfzh)) {
                continue;
            }
            long id = residents.size() + 1;
            residents.add(new Resident(id, sfzh, name(), male ? "1" : "2", ethnicity(), birth.format(YYYYMMDD),
                    address(region[1]), BASE_UPDATE_TIME.plusSeconds(id)));
        }
        return residents;
    }

    /** A new registered address in the same kind of form, for demo updates (moving house). */
    public String newAddress(String currentAddress) {
        for (String[] region : REGIONS) {
            if (currentAddress.startsWith(region[1])) {
                return address(region[1]);
            }
        }
        return address(REGIONS[0][1]);
    }

    private String name() {
        StringBuilder name = new StringBuilder().append(SURNAMES.charAt(random.nextInt(SURNAMES.length())));
        int given = random.nextInt(3) == 0 ? 1 : 2;
        for (int i = 0; i < given; i++) {
            name.append(GIVEN.charAt(random.nextInt(GIVEN.length())));
        }
        return name.toString();
    }

    private String ethnicity() {
        return random.nextInt(10) == 0 ? MINORITY_ETHNICITIES[random.nextInt(MINORITY_ETHNICITIES.length)] : "01";
    }

    private String address(String prefix) {
        return prefix + STREETS[random.nextInt(STREETS.length)] + (1 + random.nextInt(300)) + "号"
                + (1 + random.nextInt(20)) + "栋" + (101 + random.nextInt(20) * 100 + random.nextInt(4)) + "室";
    }
}
