/*
 * Copyright 2026 The OnceOnly Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.onceonly.demo;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.onceonly.hub.EmbeddedPostgresServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * All the demo's departments, each its own database on the one embedded department server, seeded once
 * from the same {@link SyntheticPopulation} so that they agree on who exists:
 * <ul>
 *   <li>public security, {@code hukou}: {@code hukou.residents}, {@code hukou.hu} (+ {@code hukou.hu_cy}) — Debezium;</li>
 *   <li>civil affairs, {@code minzheng}: {@code hydj.djxx} — Debezium;</li>
 *   <li>social security, {@code shebao}: {@code cbdj.cbxx} — Debezium;</li>
 *   <li>certificate centre, {@code dzzz}: {@code dzzz.zzxx} — Debezium;</li>
 *   <li>market regulation, {@code scjg}: {@code scjg.qyxx} — for polling (read-only role, no publication).</li>
 * </ul>
 * Secrets go to {@code <secrets>/<source-id>.password}, the files the demo's connectors reference.
 */
public final class DemoDepartments {
    private static final Logger LOG = LoggerFactory.getLogger(DemoDepartments.class);
    public static final long SEED = 20261126L;

    /** What the walkthrough prints: residents, and one subject key of each other entity, when there is one. */
    public record Examples(List<String> identityNumbers, Optional<String> householdNumber, Optional<String> registrationNumber,
                           Optional<String> enrolmentNumber, Optional<String> certificateNumber, Optional<String> creditCode) {}

    private final HouseholdRegisterDemo householdRegister;
    private final CivilAffairsDemo civilAffairs;
    private final SocialSecurityDemo socialSecurity;
    private final MarketRegulationDemo marketRegulation;
    private final CertificateCentreDemo certificateCentre;

    private DemoDepartments(HouseholdRegisterDemo householdRegister, CivilAffairsDemo civilAffairs, SocialSecurityDemo socialSecurity,
                            MarketRegulationDemo marketRegulation, CertificateCentreDemo certificateCentre) {
        this.householdRegister = householdRegister;
        this.civilAffairs = civilAffairs;
        this.socialSecurity = socialSecurity;
        this.marketRegulation = marketRegulation;
        this.certificateCentre = certificateCentre;
    }

    /**
     * Sets up every department database (idempotently) and seeds those still empty. When the household
     * register is already seeded, the population is regenerated at its size, and refused if it is not the
     * one the register holds (data from an older demo).
     */
    public static DemoDepartments prepare(EmbeddedPostgresServer server, int residents, Path secrets) {
        String capture = DepartmentDatabase.secret(List.of(
                secrets.resolve(HouseholdRegisterDemo.SOURCE_ID + ".password"), secrets.resolve(CivilAffairsDemo.SOURCE_ID + ".password"),
                secrets.resolve(SocialSecurityDemo.SOURCE_ID + ".password"), secrets.resolve(CertificateCentreDemo.SOURCE_ID + ".password")));
        String reader = DepartmentDatabase.secret(List.of(secrets.resolve(MarketRegulationDemo.SOURCE_ID + ".password")));
        DemoDepartments departments = new DemoDepartments(HouseholdRegisterDemo.setUp(server, capture), CivilAffairsDemo.setUp(server, capture),
                SocialSecurityDemo.setUp(server, capture), MarketRegulationDemo.setUp(server, reader),
                CertificateCentreDemo.setUp(server, capture));
        departments.seedWhatIsEmpty(residents);
        return departments;
    }

    private void seedWhatIsEmpty(int residents) {
        boolean register = !householdRegister.seeded();
        boolean civil = !civilAffairs.seeded();
        boolean social = !socialSecurity.seeded();
        boolean market = !marketRegulation.seeded();
        boolean certificates = !certificateCentre.seeded();
        if (!(register || civil || social || market || certificates)) {
            return;
        }
        long started = System.nanoTime();
        int size = register ? residents : Math.toIntExact(householdRegister.residentCount());
        SyntheticPopulation population = SyntheticPopulation.generate(SEED, size);
        if (!register && !householdRegister.identityNumberOf(1).equals(Optional.of(population.residents().get(0).sfzh()))) {
            throw new IllegalStateException("the household register under data/departments was not seeded by this demo's generator;"
                    + " remove the demo's data (rm -rf data) to start afresh");
        }
        if (register) {
            householdRegister.seed(population);
        }
        if (civil) {
            civilAffairs.seed(population);
        }
        if (social) {
            socialSecurity.seed(population);
        }
        if (market) {
            marketRegulation.seed(population);
        }
        if (certificates) {
            certificateCentre.seed(population);
        }
        LOG.info("demo departments seeded in {} ms: {} residents, {} households, {} marriage registrations, {} enterprises, "
                        + "{} social-insurance enrolments, {} certificates",
                (System.nanoTime() - started) / 1_000_000, population.residents().size(), population.households().size(),
                population.marriages().size(), population.enterprises().size(), population.enrolments().size(),
                population.certificates().size());
    }

    /**
     * The size of the demo's population, as the household register holds it: departments on other servers
     * (the housing fund on MariaDB) regenerate the same residents at this size.
     */
    public int residentCount() {
        return Math.toIntExact(householdRegister.residentCount());
    }

    public HouseholdRegisterDemo householdRegister() {
        return householdRegister;
    }

    /**
     * The first {@code persons} residents, and the household, marriage registration, enrolment and
     * certificate of the first of them, else the first of each table (the demo's first household is a
     * married, employed couple, so the first resident has all four).
     */
    public Examples examples(int persons) {
        List<String> identityNumbers = householdRegister.sampleIdentityNumbers(persons);
        if (identityNumbers.isEmpty()) {
            return new Examples(identityNumbers, Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
        }
        String first = identityNumbers.get(0);
        return new Examples(identityNumbers, householdRegister.householdNumberFor(first), civilAffairs.registrationNumberFor(first),
                socialSecurity.enrolmentNumberFor(first), certificateCentre.certificateNumberFor(first),
                marketRegulation.creditCodeFor(first));
    }
}
