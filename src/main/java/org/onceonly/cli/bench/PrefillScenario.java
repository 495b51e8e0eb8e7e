package org.onceonly.cli.bench;

import java.net.http.HttpRequest;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.onceonly.pool.PoolDatabase;

/**
 * Form prefill for {@code subjects} subjects by {@code clients} concurrent clients: {@code POST /v1/prefill}
 * through HTTP (authorisation, access logging and all) against the same golden records fetched by primary
 * key over plain JDBC.
 */
final class PrefillScenario implements Scenario {
    static final String NOT_AVAILABLE = "not available: /v1/prefill not built";

    @Override
    public String name() {
        return "prefill";
    }

    /**
     * The prefill request for one subject, or null while the hub has no {@code POST /v1/prefill}. When the
     * endpoint lands, this returns {@code http.postJson("/v1/prefill", body)} with the form and purpose the
     * benchmark's client is granted; {@link HubHttp} adds the token.
     */
    static HttpRequest prefillRequest(HubHttp http, String subject) {
        return null;
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
        double rawPerSecond = JdbcLookups.perSecond(pool.jdbcUrl(), pool.user(), pool.password(), subjects, clients,
                run.options().prefillTime());
        run.say("prefill: plain JDBC primary-key lookups %,.0f/s with %d clients", rawPerSecond, clients);

        if (prefillRequest(run.http(), subjects.get(0)) == null) {
            run.say("prefill: hub %s", NOT_AVAILABLE);
            results.prefill(subjects.size(), clients, null, new Latencies(), rawPerSecond);
            return;
        }
        HttpLoad.Result hub = HttpLoad.run(run.http(), clients, run.options().prefillTime(),
                n -> prefillRequest(run.http(), subjects.get((int) (n % subjects.size()))), 200);
        if (hub.errors() > 0) {
            run.say("prefill: warning: %d of %d requests did not answer 200", hub.errors(), hub.requests());
        }
        run.say("prefill: hub %,.0f requests/s, p50 %s ms, p99 %s ms", hub.perSecond(),
                hub.latencies().percentileMillis(50), hub.latencies().percentileMillis(99));
        results.prefill(subjects.size(), clients, hub.perSecond(), hub.latencies(), rawPerSecond);
    }
}
