package dev.unison.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.unison.contracts.EventJson;
import dev.unison.testsupport.HeadlessChromium;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * A person signing in to the dashboard in headless Chromium (Debian's chromium and chromium-driver): the page sends
 * the browser to Keycloak's login form, the user types name and password, and Keycloak sends it back with a code the
 * service exchanges (authorization-code flow with PKCE). What the page then shows is read from its DOM.
 */
final class DashboardSignIn implements AutoCloseable {
    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final HeadlessChromium chromium;
    private final WebDriver browser;

    private DashboardSignIn(HeadlessChromium chromium) {
        this.chromium = chromium;
        this.browser = chromium.driver();
    }

    /** Signs {@code user} in at the dashboard and waits until its alert table shows a row. */
    static DashboardSignIn as(String user, String password, String dashboard) throws IOException {
        return at(user, password, dashboard, "#alerts tbody tr[data-alert-id]");
    }

    /** Signs {@code user} in at a page of the dashboard and waits until the page shows an element matching ready. */
    static DashboardSignIn at(String user, String password, String page, String ready) throws IOException {
        DashboardSignIn session = new DashboardSignIn(HeadlessChromium.start(1280, 800));
        WebDriver browser = session.browser;
        browser.get(page);
        WebDriverWait wait = new WebDriverWait(browser, WAIT);
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("username")));
        browser.findElement(By.id("username")).sendKeys(user);
        browser.findElement(By.id("password")).sendKeys(password);
        browser.findElement(By.id("kc-login")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector(ready)));
        return session;
    }

    /** Opens another page in the signed-in browser. */
    void open(String url) {
        browser.get(url);
    }

    /** Waits until the element matching css has the attribute with this value. */
    void awaitAttribute(String css, String name, String value) {
        new WebDriverWait(browser, WAIT).until(ExpectedConditions.attributeToBe(By.cssSelector(css), name, value));
    }

    /** The attribute of the element matching css; null when it has none. */
    String attribute(String css, String name) {
        return browser.findElement(By.cssSelector(css)).getAttribute(name);
    }

    /** The attribute of every element matching css. */
    List<String> attributes(String css, String name) {
        return browser.findElements(By.cssSelector(css)).stream().map(e -> e.getAttribute(name)).toList();
    }

    String text(String css) {
        return browser.findElement(By.cssSelector(css)).getAttribute("textContent");
    }

    int count(String css) {
        return browser.findElements(By.cssSelector(css)).size();
    }

    boolean visible(String css) {
        return browser.findElement(By.cssSelector(css)).isDisplayed();
    }

    /** Waits until the alert is a row of the table. */
    void awaitRow(String alertId) {
        new WebDriverWait(browser, WAIT).until(ExpectedConditions.presenceOfElementLocated(row(alertId)));
    }

    boolean shows(String alertId) {
        return !browser.findElements(row(alertId)).isEmpty();
    }

    /** The departments cell of every row of the alert table. */
    List<String> departmentsOfEveryRow() {
        return browser.findElements(By.cssSelector("#alerts tbody tr[data-alert-id]")).stream()
                .map(r -> r.findElements(By.tagName("td")).get(3).getText()).toList();
    }

    /** The departments of the counts by department. */
    List<String> countedDepartments() {
        return browser.findElements(By.cssSelector("#by-department tr[data-name]")).stream()
                .map(e -> e.getAttribute("data-name")).toList();
    }

    void screenshot(Path file) {
        chromium.screenshot(file);
    }

    private static By row(String alertId) {
        return By.cssSelector("#alerts tbody tr[data-alert-id='" + alertId + "']");
    }

    @Override
    public void close() throws IOException {
        chromium.close();
    }

    /**
     * Lets Keycloak send browsers back to this dashboard: the realm names the local run's http://localhost:8084/*,
     * and the system test's notification-service listens on a free port. Uses Keycloak's admin API as its bootstrap
     * administrator.
     */
    static void allowRedirectsTo(String issuer, String dashboard) throws IOException, InterruptedException {
        String base = issuer.substring(0, issuer.indexOf("/realms/"));
        String form = "grant_type=password&client_id=admin-cli&username=" + Keycloak.ADMIN_USER + "&password="
                + URLEncoder.encode(Keycloak.ADMIN_PASSWORD, StandardCharsets.UTF_8);
        JsonNode token = EventJson.MAPPER.readTree(HTTP.send(HttpRequest.newBuilder(
                        URI.create(base + "/realms/master/protocol/openid-connect/token"))
                .header("content-type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString()).body());
        String bearer = "Bearer " + token.path("access_token").asText();
        String clients = base + "/admin/realms/unison/clients";
        ObjectNode client = (ObjectNode) EventJson.MAPPER.readTree(HTTP.send(HttpRequest.newBuilder(
                        URI.create(clients + "?clientId=unison-dashboard")).header("authorization", bearer).build(),
                HttpResponse.BodyHandlers.ofString()).body()).get(0);
        ((ArrayNode) client.withArray("redirectUris")).add(dashboard + "*");
        HttpResponse<String> put = HTTP.send(HttpRequest.newBuilder(URI.create(clients + "/" + client.path("id").asText()))
                .header("authorization", bearer).header("content-type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(client.toString())).build(), HttpResponse.BodyHandlers.ofString());
        if (put.statusCode() != 204) {
            throw new IllegalStateException("Keycloak refused the dashboard's redirect URI: " + put.statusCode() + " "
                    + put.body());
        }
    }
}
