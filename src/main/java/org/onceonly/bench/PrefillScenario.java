/*
 * Copyright 2026 The OnceOnly Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.onceonly.bench;

import io.netty.handler.codec.http.HttpMethod;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.function.LongFunction;
import org.onceonly.pool.PoolDatabase;

/**
 * Form prefill for {@code subjects} subjects by {@code clients} concurrent clients: {@code POST /v1/prefill}
 * through HTTP (authorisation, access logging and all) against the same golden records fetched by primary
 * key over plain JDBC.
 */
final class PrefillScenario implements Scenario {
    /** The bench's form: a resident's identity fields, the same row the raw side reads by primary key. */
    static final String FORM = "bench-resident";
    static final String PURPOSE = "bench-prefill";

    @Override
    public String name() {
        return "prefill";
    }

    /** The prefill request for one subject; {@link HubHttp} adds the bench client's token. */
    static HttpLoad.Call prefillRequest(String subject) {
        return new HttpLoad.Call(HttpMethod.POST, "/v1/prefill",
                "{\"form\": \"" + FORM + "\", \"subject\": \"" + subject + "\", \"purpose\": \"" + PURPOSE + "\"}");
    }

    /** Registers the bench's client (every Person field, unmasked) and form in {@code work}; returns the token. */
    static String register(java.nio.file.Path clients, java.nio.file.Path forms) throws java.io.IOException {
        String token = org.onceonly.access.Tokens.newToken();
        java.nio.file.Files.createDirectories(clients);
        java.nio.file.Files.writeString(clients.resolve("bench-portal.yaml"), """
                id: bench-portal
                organisation: OnceOnly benchmark
                role: platform
                tokenSha256: %s
                grants:
                  - purpose: %s
                    read: {Person: ["*"]}
                    unmasked: [Person.*]
                """.formatted(org.onceonly.access.Tokens.sha256Hex(token), PURPOSE));
        java.nio.file.Files.createDirectories(forms);
        java.nio.file.Files.writeString(forms.resolve(FORM + ".yaml"), """
                id: %s
                title: A resident's identity fields
                purpose: %s
                subject: Person
                fields:
                  - {name: name, path: Person.name, required: true}
                  - {name: citizenId, path: Person.citizenId, required: true}
                  - {name: gender, path: Person.gender}
                  - {name: ethnicity, path: Person.ethnicity}
                  - {name: birthDate, path: Person.birthDate}
                  - {name: registeredAddress, path: Person.registeredAddress}
                """.formatted(FORM, PURPOSE));
        return token;
    }

    /** The least warm-up: a third of the measured time, from one to five seconds. */
    static Duration leastWarmUp(Duration measured) {
        Duration third = measured.dividedBy(3);
        return third.compareTo(Duration.ofSeconds(1)) < 0 ? Duration.ofSeconds(1)
                : third.compareTo(Duration.ofSeconds(5)) > 0 ? Duration.ofSeconds(5) : third;
    }

    @Override
    public void run(BenchRun run, BenchResults results) throws Exception {
        int clients = run.options().clients();
        List<String> subjects = new ArrayList<>();
        for (long id = 1; id <= run.options().subjects(); id++) {
            subjects.add(BenchDepartment.identityNumber(id));
        }
        Collections.shuffle(subjects, new Random(11));

        PoolDatabase pool = run.hub().pool();
        // Each side first runs unmeasured until the JIT is done with it, so that neither is timed while it compiles.
        Duration measured = run.options().prefillTime();
        LongFunction<HttpLoad.Call> request = n -> prefillRequest(subjects.get((int) (n % subjects.size())));
        warmUp(run, "plain JDBC lookups", measured,
                time -> JdbcLookups.perSecond(pool.jdbcUrl(), pool.user(), pool.password(), subjects, clients, time));
        warmUp(run, "hub", measured, time -> HttpLoad.run(run.http(), clients, time, request, 200));

        // Measured in alternating slices of at least 5 s, so that the machine's drift over the run (a VM's
        // neighbours, its clock) falls on both sides alike instead of on whichever ran second.
        int slices = (int) Math.max(1, Math.min(4, measured.toSeconds() / 5));
        Duration slice = measured.dividedBy(slices);
        double rawPerSecond = 0;
        HttpLoad.Result hub = null;
        for (int i = 0; i < slices; i++) {
            // Slices of equal length: the mean of their rates.
            rawPerSecond += JdbcLookups.perSecond(pool.jdbcUrl(), pool.user(), pool.password(), subjects, clients, slice) / slices;
            HttpLoad.Result part = HttpLoad.run(run.http(), clients, slice, request, 200);
            hub = hub == null ? part : hub.plus(part);
        }
        run.say("prefill: plain JDBC primary-key lookups %,.0f/s with %d clients (%d slice(s), alternating with the hub's)",
                rawPerSecond, clients, slices);
        if (hub.errors() > 0) {
            run.say("prefill: warning: %d of %d requests did not answer 200", hub.errors(), hub.requests());
        }
        run.say("prefill: hub %,.0f requests/s, p50 %s ms, p99 %s ms", hub.perSecond(),
                hub.latencies().percentileMillis(50), hub.latencies().percentileMillis(99));

        // What the hub's HTTP layer alone allows on this machine: the same clients, authentication, purpose and
        // worker hop, an answer from memory, nothing read from the pool or logged. It puts the ratio in context.
        LongFunction<HttpLoad.Call> definition = n -> formDefinitionRequest();
        warmUp(run, "HTTP alone", measured, time -> HttpLoad.run(run.http(), clients, time, definition, 200));
        HttpLoad.Result httpAlone = HttpLoad.run(run.http(), clients, measured, definition, 200);
        run.say("prefill: HTTP alone (GET %s) %,.0f requests/s", formDefinitionRequest().path(), httpAlone.perSecond());
        results.prefill(subjects.size(), clients, hub.perSecond(), hub.latencies(), rawPerSecond, httpAlone.perSecond());
    }

    /** The bench form's definition: authenticated like a prefill, answered from memory. */
    static HttpLoad.Call formDefinitionRequest() {
        return new HttpLoad.Call(HttpMethod.GET, "/v1/forms/" + FORM, null);
    }

    private static void warmUp(BenchRun run, String side, Duration measured, JitWarmUp.Load load) throws Exception {
        JitWarmUp.Outcome warmed = JitWarmUp.ofThisJvm().run(leastWarmUp(measured),
                JitWarmUp.limitFor(measured, run.options().warmUpLimit()), load);
        run.say("prefill: %s warmed up for %d s%s", side, warmed.took().toSeconds(),
                warmed.quiet() ? " (until the JIT was quiet)"
                : run.options().warmUpLimit().isZero() ? " (fixed)" : "; the JIT was still compiling, measured anyway");
    }
}
