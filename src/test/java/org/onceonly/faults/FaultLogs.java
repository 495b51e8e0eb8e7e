package org.onceonly.faults;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.junit.jupiter.api.TestInfo;
import org.onceonly.testkit.HubProcess;

/** Keeps each fault case's hub log under {@code target/fault-logs/}, for post-mortems and for docs/reliability.md. */
final class FaultLogs {
    private static final Path DIRECTORY = Path.of("target", "fault-logs");

    private FaultLogs() {}

    static void keep(HubProcess hub, TestInfo test) {
        if (hub == null || !Files.exists(hub.logFile())) {
            return;
        }
        try {
            Files.createDirectories(DIRECTORY);
            String name = test.getTestClass().map(Class::getSimpleName).orElse("test")
                    + test.getTestMethod().map(method -> "." + method.getName()).orElse("") + ".log";
            Files.copy(hub.logFile(), DIRECTORY.resolve(name), StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            System.err.println("could not keep the hub log: " + e.getMessage());
        }
    }
}
