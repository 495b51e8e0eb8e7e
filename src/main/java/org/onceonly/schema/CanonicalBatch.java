package org.onceonly.schema;

import java.util.ArrayList;
import java.util.List;

/** What one batch of source changes became: canonical changes in source order, and rejections. */
public final class CanonicalBatch {
    private final List<CanonicalChange> changes = new ArrayList<>();
    private final List<Rejection> rejections = new ArrayList<>();

    public void add(CanonicalChange change) {
        changes.add(change);
    }

    public void reject(Rejection rejection) {
        rejections.add(rejection);
    }

    public List<CanonicalChange> changes() {
        return changes;
    }

    public List<Rejection> rejections() {
        return rejections;
    }

    public boolean isEmpty() {
        return changes.isEmpty() && rejections.isEmpty();
    }
}
