package org.onceonly.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** The demo's departments in tests: the project's connectors/demo files pointed at a test-owned server. */
public final class DemoFixture {
    private DemoFixture() {}

    /** Copies connectors/demo to {@code target}, with the test server's port and secrets folder. */
    public static Path demoConnectors(Path target, int port, Path secrets) {
        try (Stream<Path> files = Files.list(Path.of("connectors", "demo"))) {
            Files.createDirectories(target);
            List<Path> sources = files.filter(f -> f.toString().endsWith(".yaml")).toList();
            assertThat(sources).hasSize(5);
            for (Path file : sources) {
                String text = Files.readString(file);
                String adapted = text.replace("port: 54321", "port: " + port)
                        .replace("127.0.0.1:54321/", "127.0.0.1:" + port + "/")
                        .replace("${file:data/secrets/", "${file:" + secrets.toAbsolutePath() + "/");
                assertThat(adapted).as("%s names the demo port and a secret under data/secrets", file)
                        .doesNotContain("54321").doesNotContain("data/secrets");
                Files.writeString(target.resolve(file.getFileName()), adapted);
            }
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
