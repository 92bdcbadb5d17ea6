package io.sluice.console;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Comparator;
import java.util.Locale;
import java.util.function.Function;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A headless Chromium for the console's browser tests: Debian's {@code chromium} driven through its
 * {@code chromium-driver}, both named explicitly so that Selenium Manager never downloads anything. Without them
 * the tests are skipped, naming the packages, unless {@code SLUICE_BROWSER_TESTS=required} (system property or
 * environment, as {@code .ci/run} sets it): then they fail. Screenshots are written to {@code docs/console/} only
 * with {@code -Dconsole.screenshots=true}, so an ordinary test run leaves tracked files alone.
 */
final class Browser implements AutoCloseable {
    static final String CHROMIUM = setting("SLUICE_CHROMIUM", "/usr/bin/chromium");
    static final String CHROMEDRIVER = setting("SLUICE_CHROMEDRIVER", "/usr/bin/chromedriver");
    private static final Duration WAIT = Duration.ofSeconds(20);

    final WebDriver driver;
    private final Path profile;
    private final String base;

    private Browser(WebDriver driver, Path profile, String base) {
        this.driver = driver;
        this.profile = profile;
        this.base = base;
    }

    /** A browser on the service at {@code base} ({@code http://localhost:port}), or the test is skipped (or fails, see above). */
    static Browser open(String base) throws IOException {
        boolean present = new File(CHROMIUM).canExecute() && new File(CHROMEDRIVER).canExecute();
        String why = "the console's browser tests need Chromium and its driver (" + CHROMIUM + ", " + CHROMEDRIVER
                + "): apt-get install chromium chromium-driver";
        if (!present) {
            if ("required".equalsIgnoreCase(setting("SLUICE_BROWSER_TESTS", ""))) {
                Assertions.fail(why + " (SLUICE_BROWSER_TESTS=required)");
            }
            Assumptions.abort(why + "; skipped");
        }
        Path profile = Files.createTempDirectory("sluice-chromium");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM);
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--disable-extensions", "--user-data-dir=" + profile);
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(new File(CHROMEDRIVER))
                .usingAnyFreePort().build();
        WebDriver driver = new ChromeDriver(service, options);
        driver.manage().window().setSize(new Dimension(1280, 900));
        return new Browser(driver, profile, base.endsWith("/") ? base.substring(0, base.length() - 1) : base);
    }

    void go(String path) {
        driver.get(base + path);
    }

    /** Waits (at most 20 s) until {@code condition} answers neither null nor false. */
    <T> T waitFor(Function<WebDriver, T> condition) {
        // the live panel is replaced every second: an element found a moment ago may be gone, so look again
        return new WebDriverWait(driver, WAIT).ignoring(StaleElementReferenceException.class).until(condition::apply);
    }

    /** Saves the page as {@code docs/console/<name>.png} when screenshots are asked for. */
    void screenshot(String name) throws IOException {
        if (!Boolean.getBoolean("console.screenshots")) {
            return;
        }
        Path target = Path.of("docs", "console", name + ".png");
        Files.createDirectories(target.getParent());
        File shot = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE);
        Files.copy(shot.toPath(), target, StandardCopyOption.REPLACE_EXISTING);
    }

    /** The status of a POST made by the page's own script (same origin, with the session cookie). */
    long postStatus(String path, String body) {
        Object status = ((org.openqa.selenium.JavascriptExecutor) driver).executeAsyncScript(
                "var done = arguments[arguments.length - 1];"
                        + "fetch(arguments[0], {method: 'POST', credentials: 'same-origin', redirect: 'manual',"
                        + " headers: {'Content-Type': 'application/x-www-form-urlencoded'}, body: arguments[1]})"
                        + ".then(function (r) { done(r.status); }, function (e) { done(-1); });", path, body);
        return ((Number) status).longValue();
    }

    @Override
    public void close() throws IOException {
        try {
            driver.quit();
        } finally {
            try (var files = Files.walk(profile)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static String setting(String name, String fallback) {
        String value = System.getProperty(name, System.getProperty(name.toLowerCase(Locale.ROOT).replace('_', '.')));
        if (value == null) {
            value = System.getenv(name);
        }
        return value == null || value.isBlank() ? fallback : value;
    }
}
