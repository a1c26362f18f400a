package dev.unison.testsupport;

import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;

/**
 * Headless Chromium for the browser tests: Debian's {@code chromium} and {@code chromium-driver}
 * ({@code apt-get install -y chromium chromium-driver}; {@code -Dunison.chromium} and {@code -Dunison.chromedriver}
 * name others). A browser test fails without them, it never skips. Each browser has a profile of its own, removed on
 * {@link #close()}, which also prints the page's console for whoever reads a failure.
 */
public final class HeadlessChromium implements AutoCloseable {
    private static final Path CHROMIUM = Path.of(System.getProperty("unison.chromium", "/usr/bin/chromium"));
    private static final Path CHROMEDRIVER = Path.of(System.getProperty("unison.chromedriver", "/usr/bin/chromedriver"));

    private final ChromeDriver driver;
    private final Path profile;

    private HeadlessChromium(ChromeDriver driver, Path profile) {
        this.driver = driver;
        this.profile = profile;
    }

    /** A browser with a window of this size. */
    public static HeadlessChromium start(int width, int height) throws IOException {
        if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(CHROMEDRIVER)) {
            throw new AssertionError("Browser tests need Debian's Chromium and ChromeDriver at " + CHROMIUM + " and "
                    + CHROMEDRIVER + "; install them with: apt-get install -y chromium chromium-driver");
        }
        Path profile = Files.createTempDirectory("unison-chromium-");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--window-size=" + width + "," + height, "--user-data-dir=" + profile);
        options.setCapability("goog:loggingPrefs", Map.of("browser", "ALL"));
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
        return new HeadlessChromium(new ChromeDriver(service, options), profile);
    }

    /** A browser whose every request carries the bearer token (a user signed in, for the pages' API calls). */
    public static HeadlessChromium signedIn(int width, int height, String bearerToken) throws IOException {
        HeadlessChromium chromium = start(width, height);
        chromium.driver.executeCdpCommand("Network.enable", Map.of());
        chromium.driver.executeCdpCommand("Network.setExtraHTTPHeaders",
                Map.of("headers", Map.of("Authorization", "Bearer " + bearerToken)));
        return chromium;
    }

    public ChromeDriver driver() {
        return driver;
    }

    /** Keeps a picture of the page for people reading the build output; never a reason to fail. */
    public void screenshot(Path file) {
        try {
            if (file.getParent() != null) {
                Files.createDirectories(file.getParent());
            }
            Files.write(file, ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
        } catch (IOException | RuntimeException e) {
            System.out.println("no screenshot " + file + ": " + e);
        }
    }

    @Override
    public void close() throws IOException {
        try {
            driver.manage().logs().get("browser").forEach(entry -> System.out.println("chromium: " + entry));
        } catch (RuntimeException e) {
            // the console is a help for reading failures only
        } finally {
            driver.quit();
            try (var files = Files.walk(profile)) {
                files.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
            }
        }
    }
}
