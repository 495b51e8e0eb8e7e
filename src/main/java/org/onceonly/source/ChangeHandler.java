package org.onceonly.source;

import java.util.List;

/**
 * Receives a source's changes in source order. Returning normally means the batch is durable downstream,
 * so the runner may commit the source offsets; throwing means nothing of the batch may be acknowledged.
 */
public interface ChangeHandler {
    void handle(List<ChangeEnvelope> batch) throws Exception;
}
