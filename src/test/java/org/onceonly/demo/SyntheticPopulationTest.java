/*
 * Copyright 2026 The OnceOnly Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.onceonly.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.onceonly.demo.SyntheticPopulation.Certificate;
import org.onceonly.demo.SyntheticPopulation.Enrolment;
import org.onceonly.demo.SyntheticPopulation.Enterprise;
import org.onceonly.demo.SyntheticPopulation.Household;
import org.onceonly.demo.SyntheticPopulation.MarriageRegistration;
import org.onceonly.demo.SyntheticPopulation.Member;
import org.onceonly.demo.SyntheticResidents.Resident;
import org.onceonly.identity.CitizenId;

/** The departments' synthetic rows agree with each other: everyone they name exists where they should. */
class SyntheticPopulationTest {
    private static final int SIZE = 10_000;
    private static final LocalDate TODAY = SyntheticPopulation.REFERENCE_DATE;
    static SyntheticPopulation population;
    static Map<String, Resident> residents;
    static Map<String, Enterprise> enterprises;

    @BeforeAll
    static void generate() {
        population = SyntheticPopulation.generate(DemoDepartments.SEED, SIZE);
        residents = population.residents().stream().collect(Collectors.toMap(Resident::sfzh, Function.identity()));
        enterprises = population.enterprises().stream().collect(Collectors.toMap(Enterprise::tyshxydm, Function.identity()));
    }

    @Test
    void sameSeedSameRows() {
        SyntheticPopulation again = SyntheticPopulation.generate(DemoDepartments.SEED, SIZE);
        assertThat(again.residents()).isEqualTo(population.residents());
        assertThat(again.households()).isEqualTo(population.households());
        assertThat(again.marriages()).isEqualTo(population.marriages());
        assertThat(again.enterprises()).isEqualTo(population.enterprises());
        assertThat(again.enrolments()).isEqualTo(population.enrolments());
        assertThat(again.certificates()).isEqualTo(population.certificates());
    }

    @Test
    void exactlyTheRequestedResidentsWithValidUniqueIdentityNumbers() {
        assertThat(population.residents()).hasSize(SIZE);
        assertThat(residents).hasSize(SIZE);
        for (Resident r : population.residents()) {
            assertThat(CitizenId.parse(r.sfzh()).value()).isEqualTo(r.sfzh());
            assertThat(r.sfzh().substring(6, 14)).isEqualTo(r.csrq());
            assertThat((r.sfzh().charAt(16) - '0') % 2 == 1).isEqualTo(r.male());
        }
        assertThat(population.residents().get(0).id()).isEqualTo(1);
        assertThat(population.residents().get(SIZE - 1).id()).isEqualTo(SIZE);
    }

    @Test
    void everyResidentIsInExactlyOneHouseholdRegisteredAtItsAddress() {
        Set<String> members = new HashSet<>();
        Set<String> numbers = new HashSet<>();
        for (Household h : population.households()) {
            assertThat(numbers.add(h.hh())).isTrue();
            assertThat(h.members()).isNotEmpty();
            assertThat(h.members().get(0).sfzh()).isEqualTo(h.hzsfzh());
            assertThat(h.members().get(0).yhzgx()).isEqualTo("02");
            assertThat(h.members().stream().filter(m -> m.yhzgx().equals("02"))).hasSize(1);
            assertThat(h.hh()).startsWith(h.xzqh());
            assertThat(h.dz()).startsWith(SyntheticResidents.regionOf(h.xzqh()).prefix());
            for (Member m : h.members()) {
                Resident r = residents.get(m.sfzh());
                assertThat(r).as("member of %s is a resident", h.hh()).isNotNull();
                assertThat(m.xm()).isEqualTo(r.xm());
                assertThat(m.hh()).isEqualTo(h.hh());
                assertThat(r.hjdz()).isEqualTo(h.dz());
                assertThat(members.add(m.sfzh())).isTrue();
            }
        }
        assertThat(members).isEqualTo(residents.keySet());
        assertThat(population.households().stream().map(Household::hlx).collect(Collectors.toSet())).containsExactlyInAnyOrder("1", "2");
    }

    @Test
    void spousesInAHouseholdAreMarriedToItsHeadAndEveryMarriagePartyIsAResidentOfLegalAge() {
        Map<String, String> spouseOf = new HashMap<>();
        for (MarriageRegistration m : population.marriages()) {
            Resident man = residents.get(m.nfsfzh());
            Resident woman = residents.get(m.nvsfzh());
            assertThat(man).as("男方 of %s is a resident", m.djzh()).isNotNull();
            assertThat(woman).as("女方 of %s is a resident", m.djzh()).isNotNull();
            assertThat(man.male()).isTrue();
            assertThat(woman.male()).isFalse();
            assertThat(man.xm()).isEqualTo(m.nfxm());
            assertThat(woman.xm()).isEqualTo(m.nvxm());
            assertThat(m.djrq()).isBefore(TODAY);
            assertThat(m.djrq()).isAfterOrEqualTo(man.birthDate().plusYears(22)).isAfterOrEqualTo(woman.birthDate().plusYears(20));
            assertThat(m.djzh()).matches((m.djlx().equals("结婚") ? "J" : "L") + m.xzqh() + "-" + m.djrq().getYear() + "-\\d{6}");
            if (m.djlx().equals("结婚")) {
                spouseOf.put(m.nfsfzh(), m.nvsfzh());
            }
        }
        assertThat(population.marriages().stream().map(MarriageRegistration::djzh).distinct()).hasSize(population.marriages().size());
        for (Household h : population.households()) {
            for (Member m : h.members()) {
                if (m.yhzgx().equals("10")) {
                    assertThat(h.hzsfzh().equals(spouseOf.get(m.sfzh())) || m.sfzh().equals(spouseOf.get(h.hzsfzh())))
                            .as("spouse in household %s has a marriage registration with its head", h.hh()).isTrue();
                }
            }
        }
    }

    @Test
    void aboutAThirdOfAdultsAreMarriedAndAFewAreDivorced() {
        Set<String> divorced = new HashSet<>();
        population.marriages().stream().filter(m -> m.djlx().equals("离婚")).forEach(m -> {
            divorced.add(m.nfsfzh());
            divorced.add(m.nvsfzh());
            assertThat(population.marriages()).anyMatch(j -> j.djlx().equals("结婚") && j.nfsfzh().equals(m.nfsfzh())
                    && j.nvsfzh().equals(m.nvsfzh()) && j.djrq().isBefore(m.djrq()));
        });
        Set<String> married = new HashSet<>();
        population.marriages().stream().filter(m -> m.djlx().equals("结婚") && !divorced.contains(m.nfsfzh())).forEach(m -> {
            married.add(m.nfsfzh());
            married.add(m.nvsfzh());
        });
        long adults = population.residents().stream().filter(r -> ChronoUnit.YEARS.between(r.birthDate(), TODAY) >= 18).count();
        assertThat((double) married.size() / adults).isBetween(0.25, 0.40);
        assertThat(divorced.size()).isBetween(20, 400);
    }

    @Test
    void enterprisesHaveValidCreditCodesAndResidentsAsLegalRepresentatives() {
        assertThat(population.enterprises()).hasSize(SIZE / 25);
        assertThat(enterprises).hasSize(population.enterprises().size());
        for (Enterprise e : population.enterprises()) {
            assertThat(CreditCodes.isValid(e.tyshxydm())).as(e.tyshxydm()).isTrue();
            assertThat(e.tyshxydm().substring(2, 8)).isEqualTo(e.xzqh());
            assertThat(e.tyshxydm().charAt(1)).isEqualTo(e.qylx().equals("个体工商户") ? '2' : '1');
            Resident representative = residents.get(e.fddbrsfzh());
            assertThat(representative).as("legal representative of %s is a resident", e.qymc()).isNotNull();
            assertThat(representative.xm()).isEqualTo(e.fddbr());
            assertThat(e.clrq()).isAfterOrEqualTo(representative.birthDate().plusYears(18)).isBefore(TODAY);
            assertThat(e.scbz()).isEqualTo("0");
        }
        assertThat(population.enterprises().stream().map(Enterprise::qymc).distinct()).hasSize(population.enterprises().size());
        assertThat(population.enterprises().stream().map(Enterprise::djzt).collect(Collectors.toSet()))
                .containsExactlyInAnyOrder("存续", "注销", "吊销");
    }

    @Test
    void aFewEnrolmentsDisagreeWithTheHouseholdRegisterOnNameOrAddress() {
        long names = population.enrolments().stream().map(e -> e.sfzh() + e.xm())
                .filter(k -> !residents.containsKey(k.substring(0, 18)) || !residents.get(k.substring(0, 18)).xm().equals(k.substring(18)))
                .distinct().count();
        long addresses = population.enrolments().stream().filter(e -> !e.hjdz().equals(residents.get(e.sfzh()).hjdz()))
                .map(Enrolment::sfzh).distinct().count();
        long insured = population.enrolments().stream().map(Enrolment::sfzh).distinct().count();

        assertThat(names).isPositive().isLessThan(insured / 20 + 1);
        assertThat(addresses).isPositive().isLessThan(insured / 20 + 1);
    }

    @Test
    void insuredPeopleAreResidentsAndEmployersAreEnterprises() {
        Set<String> personAndScheme = new HashSet<>();
        for (Enrolment e : population.enrolments()) {
            Resident insured = residents.get(e.sfzh());
            assertThat(insured).as("insured person of %s is a resident", e.cbbh()).isNotNull();
            // A few names were written differently at enrolment (the demo's deliberate disagreement).
            assertThat(e.xm().charAt(0)).isEqualTo(insured.xm().charAt(0));
            long age = ChronoUnit.YEARS.between(insured.birthDate(), TODAY);
            assertThat(age).isBetween(18L, 59L);
            assertThat(personAndScheme.add(e.sfzh() + e.xzlx())).isTrue();
            assertThat(e.xzlx()).isIn("110", "210", "310", "410", "510");
            assertThat(e.cbzt()).isIn("1", "2", "3");
            LocalDate start = LocalDate.parse(e.cbrq(), SyntheticResidents.YYYYMMDD);
            assertThat(start).isAfterOrEqualTo(insured.birthDate().plusYears(18)).isBefore(TODAY);
            assertThat(e.zzrq() != null).isEqualTo(e.cbzt().equals("3"));
            if (e.dwxydm() != null) {
                Enterprise employer = enterprises.get(e.dwxydm());
                assertThat(employer).as("employer of %s is an enterprise", e.cbbh()).isNotNull();
                assertThat(CreditCodes.isValid(e.dwxydm())).isTrue();
                assertThat(e.dwmc()).isEqualTo(employer.qymc());
                assertThat(start).isAfterOrEqualTo(employer.clrq());
                if (!e.cbzt().equals("3")) {
                    assertThat(employer.djzt()).isEqualTo("存续");
                }
            } else {
                assertThat(e.dwmc()).isNull();
            }
        }
        Set<String> insured = population.enrolments().stream().map(Enrolment::sfzh).collect(Collectors.toSet());
        Set<String> withPensionAndMedical = population.enrolments().stream().filter(e -> e.xzlx().equals("110")).map(Enrolment::sfzh)
                .filter(id -> personAndScheme.contains(id + "310")).collect(Collectors.toSet());
        assertThat(withPensionAndMedical).isEqualTo(insured);
        long employed = population.enrolments().stream().filter(e -> e.xzlx().equals("110") && e.dwxydm() != null).count();
        long flexible = population.enrolments().stream().filter(e -> e.xzlx().equals("110") && e.dwxydm() == null).count();
        assertThat(employed).isGreaterThan(flexible * 3);
        assertThat(flexible).isPositive();
    }

    @Test
    void aHandfulGaveSocialSecurityAnAddressOtherThanTheirRegisteredOne() {
        Set<String> disagreeing = population.enrolments().stream().filter(e -> !e.lxdz().equals(residents.get(e.sfzh()).hjdz()))
                .map(Enrolment::sfzh).collect(Collectors.toSet());
        long insured = population.enrolments().stream().map(Enrolment::sfzh).distinct().count();
        assertThat(disagreeing).isNotEmpty();
        assertThat(disagreeing.size()).isLessThan((int) (insured / 50));
    }

    @Test
    void certificatesBelongToResidentsAndEnterprisesAndSomeAreRevoked() {
        assertThat(population.certificates().stream().map(Certificate::zzbh).distinct()).hasSize(population.certificates().size());
        for (Certificate c : population.certificates()) {
            if (c.czztlx().equals("自然人")) {
                Resident holder = residents.get(c.czztdm());
                assertThat(holder).as("holder of %s is a resident", c.zzbh()).isNotNull();
                assertThat(holder.xm()).isEqualTo(c.czzt());
                assertThat(c.fzbm()).isEqualTo("MZ");
            } else {
                Enterprise holder = enterprises.get(c.czztdm());
                assertThat(holder).as("holder of %s is an enterprise", c.zzbh()).isNotNull();
                assertThat(holder.qymc()).isEqualTo(c.czzt());
                assertThat(c.zzlx()).isEqualTo("营业执照");
                assertThat(c.fzbm()).isEqualTo("SCJG");
                assertThat(c.zt().equals("吊销")).isEqualTo(holder.djzt().equals("吊销"));
            }
            assertThat(c.wjzy()).matches("[0-9a-f]{64}");
            assertThat(c.zt()).isIn("有效", "吊销", "注销", "过期");
        }
        Map<String, Long> perType = population.certificates().stream().collect(Collectors.groupingBy(Certificate::zzlx, Collectors.counting()));
        assertThat(perType.get("营业执照")).isEqualTo(population.enterprises().size());
        long marriages = population.marriages().stream().filter(m -> m.djlx().equals("结婚")).count();
        assertThat(perType.get("结婚证")).isEqualTo(2 * marriages);
        assertThat(perType.get("离婚证")).isEqualTo(2 * (population.marriages().size() - marriages));
        assertThat(population.certificates()).filteredOn(c -> c.zt().equals("吊销")).isNotEmpty();
    }

    @Test
    void theFirstResidentAppearsInEveryDepartment() {
        Resident first = population.residents().get(0);
        assertThat(population.households().get(0).hzsfzh()).isEqualTo(first.sfzh());
        assertThat(population.households().get(0).members().get(1).yhzgx()).isEqualTo("10");
        assertThat(population.marriages()).anyMatch(m -> m.nfsfzh().equals(first.sfzh()));
        assertThat(population.enrolments()).anyMatch(e -> e.sfzh().equals(first.sfzh()) && e.dwxydm() != null);
        assertThat(population.certificates()).anyMatch(c -> c.czztdm().equals(first.sfzh()) && c.zzlx().equals("结婚证"));
    }

    @Test
    void smallPopulationsStayConsistent() {
        for (int size : List.of(1, 2, 7, 200)) {
            SyntheticPopulation small = SyntheticPopulation.generate(DemoDepartments.SEED, size);
            assertThat(small.residents()).hasSize(size);
            assertThat(small.households().stream().mapToInt(h -> h.members().size()).sum()).isEqualTo(size);
            Set<String> ids = small.residents().stream().map(Resident::sfzh).collect(Collectors.toSet());
            assertThat(small.marriages()).allMatch(m -> ids.contains(m.nfsfzh()) && ids.contains(m.nvsfzh()));
            assertThat(small.enterprises()).allMatch(e -> ids.contains(e.fddbrsfzh()));
            assertThat(small.enrolments()).allMatch(e -> ids.contains(e.sfzh()));
        }
    }

    @Test
    void aHundredThousandResidentsGenerateWithUniqueEnterpriseNames() {
        SyntheticPopulation large = SyntheticPopulation.generate(DemoDepartments.SEED, 100_000);

        assertThat(large.residents()).hasSize(100_000);
        Set<String> names = large.enterprises().stream().map(Enterprise::qymc).collect(Collectors.toSet());
        assertThat(names).hasSize(large.enterprises().size());
        assertThat(names).allMatch(name -> name.length() <= 100);
    }
}
