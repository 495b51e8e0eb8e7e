/*
 * Copyright 2026 The OnceOnly Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.onceonly.demo;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A JVM of its own on this JVM's class path: the demo's Kafka broker, and in tests hub instances and a
 * Kafka Connect worker that must be killable on their own. Output goes to a log file. A clean stop is
 * SIGTERM (the process's shutdown hooks run); {@link #kill()} is SIGKILL.
 */
public final class JavaProcess implements AutoCloseable {
    private static final Duration STOP_PATIENCE = Duration.ofSeconds(30);

    private final String name;
    private final Process process;
    private final Path log;
    private final Thread stopOnExit;

    private JavaProcess(String name, Process process, Path log) {
        this.name = name;
        this.process = process;
        this.log = log;
        // Not left running when this JVM ends normally without closing it.
        this.stopOnExit = new Thread(this::stopNow, "stop-" + name);
        Runtime.getRuntime().addShutdownHook(stopOnExit);
    }

    /**
     * Starts {@code mainClass} with {@code args}; {@code jvmOptions} such as {@code -Xmx256m}; output
     * (stdout and stderr) appended to {@code log}.
     */
    public static JavaProcess start(String name, List<String> jvmOptions, String mainClass, List<String> args, Path log) {
        return start(name, jvmOptions, classPath(), mainClass, args, log);
    }

    /** As {@link #start(String, List, String, List, Path)}, on the class path {@code classPath}. */
    public static JavaProcess start(String name, List<String> jvmOptions, String classPath, String mainClass, List<String> args,
                                    Path log) {
        List<String> command = new ArrayList<>();
        command.add(javaExecutable());
        command.addAll(jvmOptions);
        command.add("-cp");
        command.add(classPath);
        command.add(mainClass);
        command.addAll(args);
        try {
            Files.createDirectories(log.toAbsolutePath().getParent());
            Process process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
            return new JavaProcess(name, process, log);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name + ": " + e.getMessage(), e);
        }
    }

    /** Runs {@code mainClass} to its end; fails with the end of its output when it exits non-zero. */
    public static void run(String name, List<String> jvmOptions, String classPath, String mainClass, List<String> args, Path log,
                           Duration patience) {
        JavaProcess process = start(name, jvmOptions, classPath, mainClass, args, log);
        try {
            if (!process.process.waitFor(patience.toMillis(), TimeUnit.MILLISECONDS)) {
                process.kill();
                throw new IllegalStateException(name + " did not finish within " + patience.toSeconds() + " s; see " + log);
            }
            if (process.process.exitValue() != 0) {
                throw new IllegalStateException(name + " failed (exit " + process.process.exitValue() + "): " + process.tail());
            }
        } catch (InterruptedException e) {
            process.kill();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + name, e);
        } finally {
            process.forgetShutdownHook();
        }
    }

    /**
     * This JVM's class path: under Maven Surefire the real test class path (its own is a manifest-only
     * jar), otherwise {@code java.class.path} ({@code onceonly.jar}, whose manifest names {@code lib/*.jar}).
     */
    public static String classPath() {
        String surefire = System.getProperty("surefire.test.class.path");
        return surefire != null && !surefire.isBlank() ? surefire : System.getProperty("java.class.path");
    }

    private static String javaExecutable() {
        return ProcessHandle.current().info().command()
                .orElseGet(() -> Path.of(System.getProperty("java.home"), "bin", "java").toString());
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public Path log() {
        return log;
    }

    /** The last lines of the process's output, for error messages. */
    public String tail() {
        try {
            List<String> lines = Files.exists(log) ? Files.readAllLines(log) : List.of();
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
        } catch (IOException | UncheckedIOException e) {
            return "(cannot read " + log + ")";
        }
    }

    /** SIGKILL: no shutdown hook runs, nothing is flushed; returns once the process is gone. */
    public void kill() {
        process.destroyForcibly();
        awaitExit(Duration.ofSeconds(10));
        forgetShutdownHook();
    }

    /** SIGTERM, then SIGKILL if it has not ended within 30 s. */
    @Override
    public void close() {
        stopNow();
        forgetShutdownHook();
    }

    private void stopNow() {
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        if (!awaitExit(STOP_PATIENCE)) {
            process.destroyForcibly();
            awaitExit(Duration.ofSeconds(10));
        }
    }

    private boolean awaitExit(Duration patience) {
        try {
            return process.waitFor(patience.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private void forgetShutdownHook() {
        try {
            Runtime.getRuntime().removeShutdownHook(stopOnExit);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running or about to: nothing to remove
        }
    }

    @Override
    public String toString() {
        return name + " (pid " + process.pid() + ")";
    }
}
