/*
 * Copyright 2026 The OnceOnly Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.onceonly.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Real headless Chromium for the console's browser tests: the machine's {@code chromium} and
 * {@code chromedriver} (Debian's packages; Selenium Manager cannot download drivers here), a fresh profile per
 * test class, and screenshots under {@code target/screenshots/}. Without the packages the class is skipped,
 * loudly — or fails under {@code ONCEONLY_REQUIRE_SERVERS=true} (CI, where {@code .ci/run} installs them).
 *
 * <pre>
 * &#64;RegisterExtension &#64;Order(0)
 * static final TestBrowser browser = new TestBrowser();
 * </pre>
 */
public final class TestBrowser implements ExecutionCondition, BeforeAllCallback, AfterAllCallback {
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final Path SCREENSHOTS = Path.of("target", "screenshots");
    private static final String PACKAGES = "chromium chromium-driver";

    private Path profile;
    private ChromeDriver driver;

    public static boolean installed() {
        return Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
    }

    private static boolean required() {
        return "true".equals(System.getenv("ONCEONLY_REQUIRE_SERVERS"));
    }

    private static String missing() {
        return "Chromium and its driver (" + CHROMIUM + ", " + CHROMEDRIVER + ") are not installed: apt-get install " + PACKAGES
                + " (.ci/run does this) to run the console's browser tests";
    }

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        if (installed() || required()) {
            return ConditionEvaluationResult.enabled("Chromium is installed, or required");
        }
        System.err.println("*** SKIPPED: " + missing());
        return ConditionEvaluationResult.disabled(missing());
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        if (!installed()) {
            Assertions.fail(missing() + " (ONCEONLY_REQUIRE_SERVERS=true: a server that cannot start is a failure)");
        }
        profile = TestDirectories.create("onceonly-chromium-");
        ChromeOptions options = new ChromeOptions().setBinary(CHROMIUM.toFile());
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage",
                "--window-size=1400,1000", "--lang=en-GB", "--user-data-dir=" + profile.toAbsolutePath());
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort().build();
        driver = new ChromeDriver(service, options);
        driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(30));
    }

    @Override
    public void afterAll(ExtensionContext context) {
        try {
            if (driver != null) {
                driver.quit();
            }
        } finally {
            driver = null;
            if (profile != null) {
                TestDirectories.delete(profile);
            }
        }
    }

    public WebDriver driver() {
        return driver;
    }

    /** Opens {@code url} in a fresh tab state: the previous page's session storage (its token) is forgotten. */
    public void open(String url) {
        driver.get(url);
    }

    /** Waits (up to {@link Patience#FLOW}) for an element to be shown and returns it. */
    public WebElement await(By by) {
        return waiting(Patience.FLOW).until(ExpectedConditions.visibilityOfElementLocated(by));
    }

    /** Waits until {@code by}'s text contains {@code text}; returns the element. */
    public WebElement awaitText(By by, String text) {
        waiting(Patience.FLOW).until(ExpectedConditions.textToBePresentInElementLocated(by, text));
        return driver.findElement(by);
    }

    public WebDriverWait waiting(Duration patience) {
        WebDriverWait wait = new WebDriverWait(driver, patience, Duration.ofMillis(200));
        wait.ignoring(org.openqa.selenium.StaleElementReferenceException.class);
        return wait;
    }

    /** Saves what the browser shows as {@code target/screenshots/<name>.png}; returns the file. */
    public Path screenshot(String name) {
        try {
            Files.createDirectories(SCREENSHOTS);
            Path file = SCREENSHOTS.resolve(name + ".png");
            Files.write(file, ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
