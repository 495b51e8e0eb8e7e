package org.onceonly.source;

import org.onceonly.source.debezium.DebeziumSourceRunner;
import org.onceonly.source.poll.JdbcPollSourceRunner;

/**
 * Captures one registered source and hands its changes, in source order, to a {@link ChangeHandler}.
 * Implementations: {@link DebeziumSourceRunner} for databases with a change log, and
 * {@link JdbcPollSourceRunner} for those without. A runner acknowledges (commits its offset for) a batch only after the handler returned.
 */
public interface SourceRunner extends AutoCloseable {
    void start();

    SourceStatus status();

    @Override
    void close();

    /**
     * Tells {@code listener} if the runner stops on an error of its own (not when closed); runners that
     * retry every error themselves never call it.
     */
    default void whenFailed(java.util.function.Consumer<Throwable> listener) {}

    /** The runner for a source's kind; {@code batching} applies to change-log kinds (polling has its own settings). */
    static SourceRunner of(SourceDefinition definition, OffsetStorage offsets, Batching batching, ChangeHandler handler,
                           SourceStatus status) {
        return switch (definition.kind()) {
            case POSTGRES, MARIADB, MYSQL -> new DebeziumSourceRunner(definition, offsets, batching, handler, status);
            case JDBC_POLL -> new JdbcPollSourceRunner(definition, offsets, handler, status);
        };
    }
}
