/*
 * Copyright 2026 The OnceOnly Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.onceonly.demo;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.onceonly.demo.SyntheticResidents.Region;
import org.onceonly.demo.SyntheticResidents.Resident;

/**
 * The demo's whole synthetic population, every department's rows derived from the same seeded residents:
 * households and their members (public security), marriage and divorce registrations (civil affairs),
 * enterprises (market regulation), social-insurance enrolments (social security) and electronic
 * certificates (certificate centre). Rows are records in the departments' own column names.
 *
 * <p>Consistent by construction: every household member, spouse, legal representative, insured person
 * and certificate holder is a resident; every employer and licence holder is an enterprise. Deterministic:
 * the same seed and size give the same rows (each department draws from its own seeded generator, so
 * one department's rules can change without reshuffling the others). One deliberate disagreement: a
 * handful of insured people gave social security a contact address other than their registered one.
 *
 * <p>The first household is always a married couple of working age, both employed, with their children
 * when any are born by the reference date, so the walkthrough's first residents appear in every
 * department (given at least two residents).
 */
public final class SyntheticPopulation {
    /** "Today" for the synthetic data: ages, statuses and expiry are computed as of this date. */
    public static final LocalDate REFERENCE_DATE = LocalDate.of(2026, 1, 5);
    static final LocalDateTime BASE_UPDATE_TIME = LocalDateTime.of(2026, 1, 5, 9, 0);

    /** {@code hukou.hu}: a household; its members are {@code hukou.hu_cy} rows. */
    public record Household(String hh, String hzsfzh, String hlx, String dz, String xzqh, LocalDateTime gxsj, List<Member> members) {}

    /** {@code hukou.hu_cy}: one member of a household, with the GB/T 4761 relation to the head. */
    public record Member(long id, String hh, String sfzh, String xm, String yhzgx, LocalDateTime gxsj) {}

    /** {@code hydj.djxx}: a marriage (结婚) or divorce (离婚) registration; 男方 nf, 女方 nv. */
    public record MarriageRegistration(long id, String djzh, String djlx, String nfsfzh, String nfxm, String nvsfzh, String nvxm,
                                       LocalDate djrq, String djjg, String xzqh, LocalDateTime gxsj) {}

    /** {@code scjg.qyxx}: a registered market entity; {@code yyqxz} is the end of its operating term (null: 长期). */
    public record Enterprise(String tyshxydm, String qymc, String fddbr, String fddbrsfzh, String qylx, String djzt,
                             LocalDate clrq, LocalDate yyqxz, String zczb, String zs, String xzqh, LocalDateTime gxsj, String scbz) {}

    /** {@code cbdj.cbxx}: one person's enrolment in one scheme; dates as yyyyMMdd text, as the bureau keeps them. */
    public record Enrolment(long id, String cbbh, String sfzh, String xm, String xzlx, String cbzt, String dwxydm, String dwmc,
                            String lxdz, String hjdz, String cbrq, String zzrq, String xzqh, LocalDateTime gxsj) {}

    /** {@code dzzz.zzxx}: an electronic certificate; {@code wjzy} is the SHA-256 of its (synthetic) document. */
    public record Certificate(long id, String zzbh, String zzlx, String czztlx, String czzt, String czztdm, String fzbm, String fzjg,
                              LocalDate fzrq, LocalDate yxqz, String zt, String wjzy, LocalDateTime gxsj) {}

    /** GB/T 4761 family relation codes used here. */
    static final String HEAD = "02", SPOUSE = "10", SON = "20", DAUGHTER = "30", FATHER = "51", MOTHER = "52", OTHER = "99";
    /** Social-insurance scheme codes (险种类型). */
    static final String PENSION = "110", UNEMPLOYMENT = "210", MEDICAL = "310", WORK_INJURY = "410";
    /** Enrolment status codes (参保状态): 1 参保缴费, 2 暂停缴费, 3 终止参保. */
    static final String ACTIVE = "1", SUSPENDED = "2", TERMINATED = "3";
    static final String MARRIAGE = "结婚", DIVORCE = "离婚";
    static final String OPERATING = "存续", DEREGISTERED = "注销", REVOKED = "吊销";

    private static final LocalDate OLDEST_BIRTH = LocalDate.of(1930, 1, 1);
    private static final String TRADE_NAME_CHARACTERS = "华宏鑫恒瑞天博正嘉中新金永明汇盛安达源通丰成远和禾科锐桥德泰隆";
    private static final String[] INDUSTRIES = {"科技", "贸易", "餐饮管理", "建筑工程", "文化传媒", "物流", "医疗器械", "信息技术",
            "商务咨询", "环保科技", "教育咨询", "食品"};
    private static final String[] SHOPS = {"面馆", "便利店", "五金店", "水果店", "理发店", "早餐店", "汽车修理铺", "小吃店"};
    private static final int[] CAPITALS = {10, 30, 50, 100, 200, 500, 1000, 5000};
    /** Draws of a random enterprise name before a taken one gets a branch number instead. */
    private static final int NAME_ATTEMPTS = 64;

    private final List<Resident> residents;
    private final List<Household> households;
    private final List<MarriageRegistration> marriages;
    private final List<Enterprise> enterprises;
    private final List<Enrolment> enrolments;
    private final List<Certificate> certificates;

    private SyntheticPopulation(List<Resident> residents, List<Household> households, List<MarriageRegistration> marriages,
                                List<Enterprise> enterprises, List<Enrolment> enrolments, List<Certificate> certificates) {
        this.residents = List.copyOf(residents);
        this.households = List.copyOf(households);
        this.marriages = List.copyOf(marriages);
        this.enterprises = List.copyOf(enterprises);
        this.enrolments = List.copyOf(enrolments);
        this.certificates = List.copyOf(certificates);
    }

    /** Exactly {@code residents} residents (ids 1..n, in household order) and everything derived from them. */
    public static SyntheticPopulation generate(long seed, int residents) {
        if (residents < 1) {
            throw new IllegalArgumentException("a population needs at least one resident");
        }
        return new Generator(seed).generate(residents);
    }

    public List<Resident> residents() {
        return residents;
    }

    public List<Household> households() {
        return households;
    }

    public List<MarriageRegistration> marriages() {
        return marriages;
    }

    public List<Enterprise> enterprises() {
        return enterprises;
    }

    public List<Enrolment> enrolments() {
        return enrolments;
    }

    public List<Certificate> certificates() {
        return certificates;
    }

    /** A person before they get a resident id: who they are, not yet where they are registered. */
    private record Person(String sfzh, String name, boolean male, String ethnicity, LocalDate birth) {}

    private record Relative(Person person, String relation) {}

    /** A household as drawn: members in order (head first) and, for a couple, their wedding date. */
    private record HouseholdDraft(Region region, String address, String type, List<Relative> members, LocalDate weddingDate) {}

    private static final class Generator {
        private final long seed;
        private final SyntheticResidents people;
        private final Random random;

        Generator(long seed) {
            this.seed = seed;
            this.people = new SyntheticResidents(seed);
            this.random = people.random();
        }

        SyntheticPopulation generate(int count) {
            List<HouseholdDraft> drafts = drawHouseholds(count);
            List<Resident> residents = new ArrayList<>(count);
            List<Household> households = new ArrayList<>(drafts.size());
            Map<String, Integer> householdSerials = new HashMap<>();
            Map<String, Region> regionOfResident = new HashMap<>();
            long memberId = 0;
            for (HouseholdDraft draft : drafts) {
                int serial = householdSerials.merge(draft.region().code(), 1, Integer::sum);
                String hh = draft.region().code() + String.format("%06d", serial);
                List<Member> members = new ArrayList<>();
                for (Relative relative : draft.members()) {
                    Person p = relative.person();
                    long id = residents.size() + 1;
                    LocalDateTime updated = BASE_UPDATE_TIME.plusSeconds(id);
                    residents.add(new Resident(id, p.sfzh(), p.name(), p.male() ? "1" : "2", p.ethnicity(),
                            p.birth().format(SyntheticResidents.YYYYMMDD), draft.address(), updated));
                    members.add(new Member(++memberId, hh, p.sfzh(), p.name(), relative.relation(), updated));
                    regionOfResident.put(p.sfzh(), draft.region());
                }
                households.add(new Household(hh, members.get(0).sfzh(), draft.type(), draft.address(), draft.region().code(),
                        members.get(members.size() - 1).gxsj(), members));
            }
            Map<String, Resident> bySfzh = new HashMap<>();
            residents.forEach(p -> bySfzh.put(p.sfzh(), p));
            List<MarriageRegistration> marriages = marriages(drafts, households, bySfzh, regionOfResident);
            List<Enterprise> enterprises = enterprises(residents, regionOfResident);
            List<Enrolment> enrolments = enrolments(residents, households, regionOfResident, enterprises);
            List<Certificate> certificates = certificates(marriages, enterprises);
            return new SyntheticPopulation(residents, households, marriages, enterprises, enrolments, certificates);
        }

        // ---- public security: households and the people in them ----

        private List<HouseholdDraft> drawHouseholds(int count) {
            List<HouseholdDraft> drafts = new ArrayList<>();
            int placed = 0;
            while (placed < count) {
                HouseholdDraft draft = drafts.isEmpty() ? familyHousehold(true)
                        : random.nextInt(50) == 0 ? collectiveHousehold() : familyHousehold(false);
                int room = count - placed;
                if (draft.members().size() > room) {
                    List<Relative> kept = draft.members().subList(0, room);
                    boolean coupleKept = kept.stream().anyMatch(r -> r.relation().equals(SPOUSE));
                    draft = new HouseholdDraft(draft.region(), draft.address(), draft.type(), List.copyOf(kept),
                            coupleKept ? draft.weddingDate() : null);
                }
                drafts.add(draft);
                placed += draft.members().size();
            }
            return drafts;
        }

        /** 家庭户: a head, maybe a spouse, their children, sometimes a widowed parent of the head. */
        private HouseholdDraft familyHousehold(boolean showcase) {
            Region region = people.region();
            List<Relative> members = new ArrayList<>();
            boolean couple = showcase || random.nextInt(100) < 24;
            boolean headMale = showcase || (couple ? random.nextInt(4) != 0 : random.nextBoolean());
            LocalDate headBirth = showcase ? between(LocalDate.of(1985, 1, 1), LocalDate.of(1989, 12, 31))
                    : between(LocalDate.of(1940, 1, 1), LocalDate.of(2003, 12, 31));
            Region headOrigin = random.nextInt(100) < 85 ? region : people.region();
            Person head = person(headOrigin, headBirth, headMale, people.surname(), null);
            members.add(new Relative(head, HEAD));

            LocalDate wedding = null;
            Person spouse = null;
            if (couple) {
                LocalDate spouseBirth = headMale ? headBirth.plusDays(random.nextInt(365 * 9) - 365 * 3)
                        : headBirth.minusDays(random.nextInt(365 * 9) - 365 * 3);
                if (spouseBirth.isBefore(OLDEST_BIRTH)) {
                    spouseBirth = OLDEST_BIRTH;
                }
                LocalDate husbandBirth = headMale ? headBirth : spouseBirth;
                LocalDate wifeBirth = headMale ? spouseBirth : headBirth;
                LocalDate earliest = later(husbandBirth.plusYears(22), wifeBirth.plusYears(20));
                LocalDate latest = REFERENCE_DATE.minusDays(30);
                if (!earliest.isAfter(latest)) {
                    wedding = between(earliest, min(earliest.plusYears(10), latest));
                    Region spouseOrigin = random.nextInt(100) < 70 ? region : people.region();
                    spouse = person(spouseOrigin, spouseBirth, !headMale, people.surname(), null);
                    members.add(new Relative(spouse, SPOUSE));
                }
            }
            if (spouse != null) {
                Person father = headMale ? head : spouse;
                Person mother = headMale ? spouse : head;
                int roll = random.nextInt(100);
                int children = showcase ? 1 + random.nextInt(2) : roll < 20 ? 0 : roll < 60 ? 1 : roll < 90 ? 2 : 3;
                for (int i = 0; i < children; i++) {
                    LocalDate birth = wedding.plusDays(300 + random.nextInt(365 * 12));
                    if (birth.isAfter(REFERENCE_DATE.minusDays(1)) || birth.isAfter(mother.birth().plusYears(42))
                            || ChronoUnit.YEARS.between(birth, REFERENCE_DATE) >= 30) {
                        continue; // not born yet, or grown up and registered elsewhere
                    }
                    String surname = random.nextInt(10) == 0 ? mother.name().substring(0, 1) : father.name().substring(0, 1);
                    boolean son = random.nextBoolean();
                    members.add(new Relative(person(region, birth, son, surname, father.ethnicity()), son ? SON : DAUGHTER));
                }
            } else if (random.nextInt(100) < 12) {
                LocalDate birth = headBirth.plusDays(365 * 22 + random.nextInt(365 * 16));
                if (birth.isBefore(REFERENCE_DATE) && ChronoUnit.YEARS.between(birth, REFERENCE_DATE) < 25) {
                    boolean son = random.nextBoolean();
                    members.add(new Relative(person(region, birth, son, head.name().substring(0, 1), head.ethnicity()),
                            son ? SON : DAUGHTER));
                }
            }
            if (ChronoUnit.YEARS.between(headBirth, REFERENCE_DATE) <= 55 && random.nextInt(100) < 8) {
                LocalDate birth = headBirth.minusDays(365 * 22 + random.nextInt(365 * 14));
                if (!birth.isBefore(OLDEST_BIRTH)) {
                    boolean father = random.nextBoolean();
                    String surname = father ? head.name().substring(0, 1) : people.surname();
                    members.add(new Relative(person(headOrigin, birth, father, surname, head.ethnicity()), father ? FATHER : MOTHER));
                }
            }
            return new HouseholdDraft(region, people.address(region), "1", members, wedding);
        }

        /** 集体户: a few unrelated young adults (a works or campus household); the first is its head. */
        private HouseholdDraft collectiveHousehold() {
            Region region = people.region();
            List<Relative> members = new ArrayList<>();
            int size = 3 + random.nextInt(4);
            for (int i = 0; i < size; i++) {
                LocalDate birth = between(REFERENCE_DATE.minusYears(30), REFERENCE_DATE.minusYears(18));
                members.add(new Relative(person(people.region(), birth, random.nextBoolean(), people.surname(), null), i == 0 ? HEAD : OTHER));
            }
            return new HouseholdDraft(region, people.address(region), "2", members, null);
        }

        private Person person(Region origin, LocalDate birth, boolean male, String surname, String ethnicity) {
            String sfzh = people.identityNumber(origin, birth, male);
            return new Person(sfzh, people.name(surname), male, ethnicity != null ? ethnicity : people.ethnicity(), birth);
        }

        // ---- civil affairs: marriages of the couples, and a few divorced pairs ----

        private record Registration(String kind, Resident husband, Resident wife, LocalDate date, Region registry, int order) {}

        private List<MarriageRegistration> marriages(List<HouseholdDraft> drafts, List<Household> households,
                                                     Map<String, Resident> bySfzh, Map<String, Region> regionOf) {
            Random r = new Random(seed * 31 + 1);
            List<Registration> registrations = new ArrayList<>();
            List<Resident> singles = new ArrayList<>();
            for (int i = 0; i < drafts.size(); i++) {
                HouseholdDraft draft = drafts.get(i);
                Household household = households.get(i);
                Resident head = bySfzh.get(household.hzsfzh());
                if (draft.weddingDate() != null) {
                    Resident spouse = bySfzh.get(household.members().get(1).sfzh());
                    Resident husband = head.male() ? head : spouse;
                    Resident wife = head.male() ? spouse : head;
                    registrations.add(new Registration(MARRIAGE, husband, wife, draft.weddingDate(), draft.region(), registrations.size()));
                } else if (draft.type().equals("1")) {
                    long age = ChronoUnit.YEARS.between(head.birthDate(), REFERENCE_DATE);
                    if (age >= 28 && age <= 70) {
                        singles.add(head);
                    }
                }
            }
            // A few divorced pairs among single heads of household: married once, divorced since.
            long adults = bySfzh.values().stream().filter(p -> ChronoUnit.YEARS.between(p.birthDate(), REFERENCE_DATE) >= 18).count();
            int divorces = (int) Math.max(1, adults / 125);
            List<Resident> men = new ArrayList<>(singles.stream().filter(Resident::male).toList());
            List<Resident> women = new ArrayList<>(singles.stream().filter(p -> !p.male()).toList());
            Collections.shuffle(men, r);
            Collections.shuffle(women, r);
            for (Resident man : men) {
                if (divorces == 0) {
                    break;
                }
                for (int w = 0; w < women.size(); w++) {
                    Resident woman = women.get(w);
                    if (Math.abs(ChronoUnit.DAYS.between(man.birthDate(), woman.birthDate())) > 365 * 8) {
                        continue;
                    }
                    LocalDate earliest = later(man.birthDate().plusYears(22), woman.birthDate().plusYears(20));
                    LocalDate wedding = earliest.plusDays(r.nextInt(365 * 6));
                    LocalDate divorce = wedding.plusDays(365 + r.nextInt(365 * 9));
                    if (divorce.isAfter(REFERENCE_DATE.minusDays(1))) {
                        continue;
                    }
                    registrations.add(new Registration(MARRIAGE, man, woman, wedding, regionOf.get(man.sfzh()), registrations.size()));
                    registrations.add(new Registration(DIVORCE, man, woman, divorce, regionOf.get(woman.sfzh()), registrations.size()));
                    women.remove(w);
                    divorces--;
                    break;
                }
            }
            registrations.sort(Comparator.comparing(Registration::date).thenComparing(Registration::order));
            Map<String, Integer> serials = new HashMap<>();
            List<MarriageRegistration> rows = new ArrayList<>(registrations.size());
            for (Registration reg : registrations) {
                String prefix = reg.kind().equals(MARRIAGE) ? "J" : "L";
                String series = prefix + reg.registry().code() + "-" + reg.date().getYear();
                int serial = serials.merge(series, 1, Integer::sum);
                long id = rows.size() + 1;
                rows.add(new MarriageRegistration(id, series + "-" + String.format("%06d", serial), reg.kind(),
                        reg.husband().sfzh(), reg.husband().xm(), reg.wife().sfzh(), reg.wife().xm(), reg.date(),
                        reg.registry().prefix() + "民政局婚姻登记处", reg.registry().code(), BASE_UPDATE_TIME.plusSeconds(id)));
            }
            return rows;
        }

        // ---- market regulation: enterprises, each with a resident as legal representative ----

        private List<Enterprise> enterprises(List<Resident> residents, Map<String, Region> regionOfResident) {
            Random r = new Random(seed * 31 + 2);
            SyntheticResidents places = new SyntheticResidents(seed * 31 + 2);
            CreditCodes codes = new CreditCodes(r);
            List<Resident> candidates = residents.stream().filter(p -> {
                long age = ChronoUnit.YEARS.between(p.birthDate(), REFERENCE_DATE);
                return age >= 25 && age <= 75;
            }).toList();
            if (candidates.isEmpty()) {
                return List.of();
            }
            int count = Math.max(8, residents.size() / 25);
            Set<String> names = new HashSet<>();
            List<Enterprise> rows = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                Resident representative = candidates.get(r.nextInt(candidates.size()));
                Region home = regionOfResident.get(representative.sfzh());
                Region region = r.nextInt(100) < 80 ? home : SyntheticResidents.REGIONS.get(r.nextInt(SyntheticResidents.REGIONS.size()));
                boolean individual = r.nextInt(100) < 25;
                String type;
                if (individual) {
                    type = "个体工商户";
                } else {
                    int roll = r.nextInt(100);
                    type = roll < 60 ? "有限责任公司(自然人投资或控股)" : roll < 90 ? "有限责任公司(自然人独资)" : "股份有限公司(非上市、自然人投资或控股)";
                }
                String name = null;
                String candidate = null;
                for (int attempt = 0; attempt < NAME_ATTEMPTS && name == null; attempt++) {
                    candidate = individual
                            ? region.district() + representative.xm().charAt(0) + "记" + SHOPS[r.nextInt(SHOPS.length)]
                            : region.city() + tradeName(r) + INDUSTRIES[r.nextInt(INDUSTRIES.length)]
                                    + (type.startsWith("股份") ? "股份有限公司" : "有限公司");
                    name = names.add(candidate) ? candidate : null;
                }
                if (name == null) {
                    name = numbered(candidate, names);
                }
                LocalDate from = later(LocalDate.of(1998, 1, 1), representative.birthDate().plusYears(22));
                LocalDate established = between(r, from, REFERENCE_DATE.minusDays(60));
                LocalDate termEnd = !individual && r.nextInt(8) == 0 ? established.plusYears(20).minusDays(1) : null;
                String status = i % 20 == 7 ? REVOKED : i % 10 == 3 ? DEREGISTERED : OPERATING;
                String capital = individual ? null : CAPITALS[r.nextInt(CAPITALS.length)] + "万元人民币";
                rows.add(new Enterprise(codes.next(individual ? '2' : '1', region.code()), name, representative.xm(),
                        representative.sfzh(), type, status, established, termEnd, capital, places.officeAddress(region),
                        region.code(), BASE_UPDATE_TIME.plusSeconds(i + 1L), "0"));
            }
            return rows;
        }

        /**
         * A name already taken, made unique by a branch number as registries do ("二分店" style, here "（2）"):
         * a district holds only so many shops of one surname, so large populations run out of combinations.
         */
        private static String numbered(String taken, Set<String> names) {
            for (int branch = 2; ; branch++) {
                String name = taken + "（" + branch + "）";
                if (names.add(name)) {
                    return name;
                }
            }
        }

        private static String tradeName(Random r) {
            char first = TRADE_NAME_CHARACTERS.charAt(r.nextInt(TRADE_NAME_CHARACTERS.length()));
            char second;
            do {
                second = TRADE_NAME_CHARACTERS.charAt(r.nextInt(TRADE_NAME_CHARACTERS.length()));
            } while (second == first);
            return "" + first + second;
        }

        // ---- social security: enrolments of working-age residents ----

        /** The same name as a clerk might have typed it: a traditional character, or a stray full-width space. */
        private static String writtenDifferently(String name) {
            String simplified = "伟华丽军涛刚兰强杰艳静浩晨欣怡涵轩";
            String traditional = "偉華麗軍濤剛蘭強傑艷靜浩晨欣怡涵軒";
            for (int i = 1; i < name.length(); i++) {
                int at = simplified.indexOf(name.charAt(i));
                if (at >= 0 && traditional.charAt(at) != name.charAt(i)) {
                    return name.substring(0, i) + traditional.charAt(at) + name.substring(i + 1);
                }
            }
            return name.charAt(0) + "\u3000" + name.substring(1);
        }

        private List<Enrolment> enrolments(List<Resident> residents, List<Household> households, Map<String, Region> regionOfResident,
                                           List<Enterprise> enterprises) {
            Random r = new Random(seed * 31 + 3);
            SyntheticResidents places = new SyntheticResidents(seed * 31 + 3);
            Set<String> showcase = new HashSet<>();
            households.get(0).members().forEach(m -> showcase.add(m.sfzh()));
            List<Enterprise> operating = enterprises.stream().filter(e -> e.djzt().equals(OPERATING)).toList();
            List<Enterprise> closed = enterprises.stream().filter(e -> e.djzt().equals(DEREGISTERED)).toList();
            Map<String, List<Enterprise>> operatingByRegion = new HashMap<>();
            operating.forEach(e -> operatingByRegion.computeIfAbsent(e.xzqh(), k -> new ArrayList<>()).add(e));

            List<Enrolment> rows = new ArrayList<>();
            int insured = 0;
            for (Resident person : residents) {
                LocalDate birth = person.birthDate();
                long age = ChronoUnit.YEARS.between(birth, REFERENCE_DATE);
                boolean workingAge = age >= 18 && age < (person.male() ? 60 : 55);
                boolean forced = showcase.contains(person.sfzh()) && workingAge;
                if (!workingAge || (!forced && r.nextInt(100) >= 88)) {
                    continue;
                }
                int roll = forced ? 0 : r.nextInt(100);
                String status = roll < 90 ? ACTIVE : roll < 96 ? SUSPENDED : TERMINATED;
                boolean flexible = roll >= 75 && roll < 90; // 灵活就业: enrolled on their own, no employer
                Enterprise employer = null;
                if (status.equals(TERMINATED)) {
                    employer = closed.isEmpty() ? null : closed.get(r.nextInt(closed.size()));
                } else if (!flexible && !operating.isEmpty()) {
                    List<Enterprise> local = operatingByRegion.get(regionOfResident.get(person.sfzh()).code());
                    List<Enterprise> pool = local != null && r.nextInt(100) < 75 ? local : operating;
                    employer = pool.get(r.nextInt(pool.size()));
                }
                LocalDate from = later(birth.plusYears(18), LocalDate.of(1998, 7, 1));
                if (employer != null) {
                    from = later(from, employer.clrq());
                }
                LocalDate start = between(r, from, REFERENCE_DATE.minusDays(1));
                LocalDate end = status.equals(TERMINATED) ? between(r, start, REFERENCE_DATE.minusDays(1)) : null;
                Region region = employer != null ? SyntheticResidents.regionOf(employer.xzqh()) : regionOfResident.get(person.sfzh());
                // The deliberate disagreement: a handful gave the bureau a flat near work, not their registered address.
                String contact = insured % 150 == 7 ? places.address(region) : person.hjdz();
                // And what the bureau wrote down at enrolment has drifted for a few: an address from before
                // they moved, a name written with a traditional character. The household register wins.
                String registeredAtEnrolment = insured % 97 == 3 ? places.address(regionOfResident.get(person.sfzh())) : person.hjdz();
                String nameAtEnrolment = insured % 113 == 5 ? writtenDifferently(person.xm()) : person.xm();
                insured++;
                List<String> schemes = new ArrayList<>(List.of(PENSION, MEDICAL));
                if (employer != null && status.equals(ACTIVE)) {
                    if (r.nextBoolean()) {
                        schemes.add(UNEMPLOYMENT);
                    }
                    if (r.nextInt(100) < 60) {
                        schemes.add(WORK_INJURY);
                    }
                }
                for (String scheme : schemes) {
                    long id = rows.size() + 1;
                    rows.add(new Enrolment(id, region.code() + scheme + String.format("%08d", id), person.sfzh(), nameAtEnrolment, scheme,
                            status, employer == null ? null : employer.tyshxydm(), employer == null ? null : employer.qymc(), contact,
                            registeredAtEnrolment,
                            start.format(SyntheticResidents.YYYYMMDD), end == null ? null : end.format(SyntheticResidents.YYYYMMDD),
                            region.code(), BASE_UPDATE_TIME.plusSeconds(id)));
                }
            }
            return rows;
        }

        // ---- certificate centre: business licences and marriage / divorce certificates ----

        private List<Certificate> certificates(List<MarriageRegistration> marriages, List<Enterprise> enterprises) {
            record Draft(String zzbh, String zzlx, String czztlx, String czzt, String czztdm, String fzbm, String fzjg,
                         LocalDate fzrq, LocalDate yxqz, String zt) {}
            List<Draft> drafts = new ArrayList<>();
            for (Enterprise e : enterprises) {
                String status = switch (e.djzt()) {
                    case REVOKED -> "吊销";
                    case DEREGISTERED -> "注销";
                    default -> e.yyqxz() != null && e.yyqxz().isBefore(REFERENCE_DATE) ? "过期" : "有效";
                };
                drafts.add(new Draft("YYZZ-" + e.tyshxydm(), "营业执照", e.qylx().equals("个体工商户") ? "个体工商户" : "法人", e.qymc(),
                        e.tyshxydm(), "SCJG", SyntheticResidents.regionOf(e.xzqh()).prefix() + "市场监督管理局", e.clrq(), e.yyqxz(), status));
            }
            Set<String> divorcedCouples = new HashSet<>();
            marriages.stream().filter(m -> m.djlx().equals(DIVORCE)).forEach(m -> divorcedCouples.add(m.nfsfzh() + m.nvsfzh()));
            for (MarriageRegistration m : marriages) {
                boolean marriage = m.djlx().equals(MARRIAGE);
                // A divorce annuls the marriage certificate (收回结婚证): it must not be reused.
                String status = marriage && divorcedCouples.contains(m.nfsfzh() + m.nvsfzh()) ? "注销" : "有效";
                String type = marriage ? "结婚证" : "离婚证";
                String prefix = marriage ? "JHZ-" : "LHZ-";
                String authority = SyntheticResidents.regionOf(m.xzqh()).prefix() + "民政局";
                drafts.add(new Draft(prefix + m.djzh() + "-1", type, "自然人", m.nfxm(), m.nfsfzh(), "MZ", authority, m.djrq(), null, status));
                drafts.add(new Draft(prefix + m.djzh() + "-2", type, "自然人", m.nvxm(), m.nvsfzh(), "MZ", authority, m.djrq(), null, status));
            }
            drafts.sort(Comparator.comparing(Draft::fzrq).thenComparing(Draft::zzbh));
            List<Certificate> rows = new ArrayList<>(drafts.size());
            for (Draft d : drafts) {
                long id = rows.size() + 1;
                String document = String.join("|", "电子证照", d.zzbh(), d.zzlx(), d.czzt(), d.czztdm(), d.fzjg(), d.fzrq().toString());
                rows.add(new Certificate(id, d.zzbh(), d.zzlx(), d.czztlx(), d.czzt(), d.czztdm(), d.fzbm(), d.fzjg(), d.fzrq(),
                        d.yxqz(), d.zt(), sha256(document), BASE_UPDATE_TIME.plusSeconds(id)));
            }
            return rows;
        }

        // ---- helpers ----

        /** A uniformly drawn day in [from, to]; {@code from} when the range is empty. */
        private LocalDate between(LocalDate from, LocalDate to) {
            return between(random, from, to);
        }

        private static LocalDate between(Random r, LocalDate from, LocalDate to) {
            long days = ChronoUnit.DAYS.between(from, to);
            return days <= 0 ? from : from.plusDays((long) (r.nextDouble() * (days + 1)));
        }

    }

    private static LocalDate later(LocalDate a, LocalDate b) {
        return a.isAfter(b) ? a : b;
    }

    private static LocalDate min(LocalDate a, LocalDate b) {
        return a.isBefore(b) ? a : b;
    }

    static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
