/*
 * Copyright 2026 The OnceOnly Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.onceonly.pool;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.onceonly.schema.CanonicalBatch;
import org.onceonly.schema.FieldViolation;
import org.onceonly.schema.Rejection;

/**
 * Replays quarantined changes through the routes as they are now. A change that now maps is applied like
 * any other (idempotently, by its original source position) and its entry is marked replayed in the same
 * transaction; one that fails again stays held with its new reasons.
 */
public final class QuarantineReplay {
    /** Runs a raw change envelope through the current routes (wired by the hub to the route dispatcher). */
    @FunctionalInterface
    public interface Rerouter {
        CanonicalBatch reroute(String envelopeJson);
    }

    public enum Outcome {
        /** Now in the pool. */
        APPLIED,
        /** Maps now, but the pool already holds a newer change of the same source row; nothing to apply. */
        SUPERSEDED,
        /** Still fails; the entry stays held with the new reasons. */
        REJECTED_AGAIN,
        /** Not held (already replayed or discarded) or not found. */
        NOT_HELD
    }

    public record Result(long id, Outcome outcome, List<FieldViolation> reasons) {}

    private final Quarantine quarantine;
    private final PoolWriter writer;
    private final Rerouter rerouter;

    public QuarantineReplay(Quarantine quarantine, PoolWriter writer, Rerouter rerouter) {
        this.quarantine = quarantine;
        this.writer = writer;
        this.rerouter = rerouter;
    }

    public Result replay(long id) {
        Optional<Quarantine.Entry> entry = quarantine.find(id);
        if (entry.isEmpty() || entry.get().status() != Quarantine.Status.HELD) {
            return new Result(id, Outcome.NOT_HELD, List.of());
        }
        CanonicalBatch batch = rerouter.reroute(entry.get().envelope().toString());
        if (!batch.rejections().isEmpty()) {
            List<FieldViolation> reasons = batch.rejections().stream().map(Rejection::reasons).flatMap(List::stream).toList();
            quarantine.updateReasons(id, reasons);
            return new Result(id, Outcome.REJECTED_AGAIN, reasons);
        }
        PoolWriter.Outcome outcome = writer.apply(batch, connection -> Quarantine.markReplayed(connection, id));
        boolean superseded = !batch.changes().isEmpty() && outcome.stale() == batch.changes().size();
        return new Result(id, superseded ? Outcome.SUPERSEDED : Outcome.APPLIED, List.of());
    }

    /** Replays every held entry of a source (all sources when null), oldest first. */
    public List<Result> replayAll(String sourceId) {
        List<Result> results = new ArrayList<>();
        for (long id : quarantine.heldIds(sourceId)) {
            results.add(replay(id));
        }
        return results;
    }
}
