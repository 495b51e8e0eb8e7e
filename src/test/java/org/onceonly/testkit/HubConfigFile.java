package org.onceonly.testkit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.onceonly.hub.HubConfig;

/**
 * A hub configuration written as the {@code onceonly.yaml} an operator would write (docs/configuration.md),
 * for hubs that run as their own process and for commands run with {@code --config}. Folders are written
 * absolute, so the file means the same from any working directory. TLS is not written (no test needs it
 * in a file); {@link HubConfig#load} reads the file back to the same configuration.
 */
public final class HubConfigFile {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory().disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER));
    private static final long MIB = 1024L * 1024;

    private HubConfigFile() {}

    /** Writes {@code config} to {@code file} and returns the file. */
    public static Path write(HubConfig config, Path file) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            return Files.writeString(file, text(config));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String text(HubConfig config) {
        if (config.platform().tls() != null) {
            throw new IllegalArgumentException("HubConfigFile does not write http.tls");
        }
        Map<String, Object> file = new LinkedHashMap<>();
        file.put("dataDirectory", absolute(config.dataDirectory()));
        HubConfig.Timeouts timeouts = config.platform().timeouts();
        file.put("http", ordered("host", config.httpHost(), "port", config.httpPort(), "idleTimeoutSeconds", timeouts.idleSeconds(),
                "headerTimeoutSeconds", timeouts.headerSeconds(), "bodyTimeoutSeconds", timeouts.bodySeconds()));
        HubConfig.PoolConfig pool = config.pool();
        file.put("pool", pool.embedded() ? Map.of("embeddedPort", pool.embeddedPort())
                : ordered("jdbcUrl", pool.jdbcUrl(), "user", pool.user(), "password", pool.password().toString(),
                        "embeddedPort", pool.embeddedPort()));
        file.put("connectors", absolute(config.connectors()));
        file.put("routes", absolute(config.routes()));
        file.put("schemas", absolute(config.schemas()));
        file.put("clients", absolute(config.platform().clients()));
        file.put("forms", absolute(config.platform().forms()));
        file.put("materials", Map.of("maxUploadMb", wholeMebibytes("materials.maxUploadMb", config.platform().maxUploadBytes())));
        file.put("apply", ordered("batchSize", config.batching().maxSize(), "lingerMs", config.batching().lingerMs()));
        file.put("watch", ordered("walWarningMb", wholeMebibytes("watch.walWarningMb", config.watch().walWarningBytes()),
                "probeIntervalSeconds", config.watch().probeIntervalSeconds()));
        if (config.kafka().configured()) {
            file.put("kafka", kafka(config.kafka()));
        }
        try {
            return YAML.writeValueAsString(file);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, Object> kafka(HubConfig.Kafka kafka) {
        Map<String, Object> section = ordered("bootstrapServers", kafka.bootstrapServers(), "properties", kafka.properties());
        if (kafka.consumes()) {
            List<Map<String, Object>> sources = kafka.consume().sources().stream().map(source -> ordered("id", source.id(),
                    "department", source.department(), "kind", source.kind().id(), "topics", source.topics())).toList();
            section.put("consume", ordered("groupId", kafka.consume().groupId(), "sessionTimeoutMs", kafka.consume().sessionTimeoutMs(),
                    "sources", sources));
        }
        HubConfig.Publish publish = kafka.publish();
        section.put("publish", ordered("enabled", publish.enabled(), "topicPrefix", publish.topicPrefix(),
                "pollIntervalMs", publish.pollIntervalMs()));
        return section;
    }

    private static Map<String, Object> ordered(Object... keysAndValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }

    private static String absolute(Path path) {
        return path.toAbsolutePath().toString();
    }

    private static long wholeMebibytes(String key, long bytes) {
        if (bytes % MIB != 0) {
            throw new IllegalArgumentException(key + " is given in MB in a file: " + bytes + " bytes is not a whole number of them");
        }
        return bytes / MIB;
    }
}
