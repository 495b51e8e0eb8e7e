package org.onceonly.pool;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.onceonly.identity.CitizenId;
import org.onceonly.schema.CanonicalBatch;
import org.onceonly.schema.CanonicalChange;
import org.onceonly.schema.Operation;

/**
 * Whatever order several sources' change streams interleave in, however often a source re-delivers from
 * an earlier offset (at-least-once after a crash), and however the changes are cut into batches, the pool
 * ends with the same golden records, conflicts and history as applying each change exactly once.
 */
class ConvergenceProperties {
    private static final String[] DEPARTMENTS = {"public-security", "social-security", "civil-affairs"};
    private static final String[] SUBJECTS = subjects();
    private static PoolFixture pool;

    @BeforeContainer
    static void start() throws Exception {
        pool = new PoolFixture(Files.createTempDirectory("onceonly-convergence"));
    }

    @AfterContainer
    static void stop() {
        pool.close();
    }

    /** Once failed: a re-delivered identical record moved its contribution's time but left the golden record as it was. */
    @net.jqwik.api.Example
    void anIdenticalRecordAtANewerPositionConverges() {
        interleavingRedeliveryAndBatchingDoNotChangeTheOutcome(175812L);
    }

    @Property(tries = 40)
    void interleavingRedeliveryAndBatchingDoNotChangeTheOutcome(@ForAll long seed) {
        Random random = new Random(seed);
        List<List<CanonicalChange>> streams = new ArrayList<>();
        for (int source = 0; source < DEPARTMENTS.length; source++) {
            streams.add(stream(random, source));
        }

        pool.truncate();
        for (List<CanonicalChange> stream : streams) {
            for (CanonicalChange change : stream) {
                pool.apply(change);
            }
        }
        Snapshot once = snapshot();

        pool.truncate();
        deliverAtLeastOnce(random, streams);
        Snapshot delivered = snapshot();

        assertThat(delivered.golden()).as("golden records, seed %d", seed).isEqualTo(once.golden());
        assertThat(delivered.conflicts()).as("conflicts, seed %d", seed).isEqualTo(once.conflicts());
        assertThat(delivered.history()).as("history, seed %d", seed).isEqualTo(once.history());
    }

    /** Interleaves the sources; each keeps its own order but may rewind to an earlier offset and repeat. */
    private static void deliverAtLeastOnce(Random random, List<List<CanonicalChange>> streams) {
        int[] next = new int[streams.size()];
        CanonicalBatch batch = new CanonicalBatch();
        int batchSize = 1 + random.nextInt(6);
        while (true) {
            List<Integer> open = new ArrayList<>();
            for (int s = 0; s < streams.size(); s++) {
                if (next[s] < streams.get(s).size()) {
                    open.add(s);
                }
            }
            if (open.isEmpty()) {
                break;
            }
            int source = open.get(random.nextInt(open.size()));
            batch.add(streams.get(source).get(next[source]++));
            if (random.nextInt(8) == 0) {
                next[source] = random.nextInt(next[source] + 1); // crash: re-deliver from an older committed offset
            }
            if (batch.changes().size() >= batchSize) {
                pool.writer.accept(batch);
                batch = new CanonicalBatch();
            }
        }
        pool.writer.accept(batch);
    }

    /** A source's changes to a few of its rows: inserts, updates (some moving a row to another subject), deletes. */
    private static List<CanonicalChange> stream(Random random, int source) {
        List<CanonicalChange> changes = new ArrayList<>();
        boolean[] alive = new boolean[3];
        Instant time = Instant.parse("2026-01-01T00:00:00Z");
        for (int position = 1; position <= 4 + random.nextInt(12); position++) {
            int row = random.nextInt(alive.length);
            time = time.plusSeconds(1 + random.nextInt(100));
            String rowKey = "{\"id\":" + row + "}";
            String positionText = String.format("p:%06d", position);
            if (alive[row] && random.nextInt(4) == 0) {
                changes.add(pool.change("Person", Operation.DELETE, null, "src-" + source, DEPARTMENTS[source], rowKey, positionText, time));
                alive[row] = false;
                continue;
            }
            String subject = SUBJECTS[random.nextInt(SUBJECTS.length)];
            String json = "{\"citizenId\": \"" + subject + "\", \"name\": \"名" + random.nextInt(3) + "\", \"registeredAddress\": "
                    + (random.nextBoolean() ? "null" : "\"地址" + random.nextInt(3) + "\"") + "}";
            changes.add(pool.change("Person", alive[row] ? Operation.UPDATE : Operation.CREATE, json, "src-" + source,
                    DEPARTMENTS[source], rowKey, positionText, time));
            alive[row] = true;
        }
        return changes;
    }

    private record Snapshot(List<String> golden, List<String> conflicts, List<String> history) {}

    private static Snapshot snapshot() {
        return new Snapshot(
                pool.rows("SELECT subject_key, fields::text FROM golden_record ORDER BY 1"),
                pool.rows("SELECT subject_key, field, departments::text, candidates::text FROM conflict ORDER BY 1, 2"),
                pool.rows("SELECT source_id, row_key, op, position, subject_key, source_time, encode(record, 'hex') FROM history "
                        + "ORDER BY 1, 2, 4"));
    }

    private static String[] subjects() {
        String[] ids = new String[3];
        for (int i = 0; i < ids.length; i++) {
            String first17 = "1101051980010" + (1 + i) + "123";
            ids[i] = first17 + CitizenId.checkCharacter(first17);
        }
        return ids;
    }
}
