package dev.unison.notification;

import dev.unison.contracts.Alert;
import dev.unison.testsupport.HeadlessChromium;
import dev.unison.testsupport.TestTokens;
import dev.unison.testsupport.UnisonTestResources;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.IOException;
import java.net.URL;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static dev.unison.notification.TestAlerts.alert;
import static dev.unison.notification.TestAlerts.send;
import static dev.unison.notification.TestAlerts.unique;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.is;

/**
 * The dashboard in a real headless Chromium (Debian's chromium and chromium-driver). Without them this test fails,
 * it does not skip: install them with {@code apt-get install -y chromium chromium-driver}.
 */
@QuarkusTest
@QuarkusTestResource(value = UnisonTestResources.class, restrictToAnnotatedClass = false)
class DashboardBrowserTest {
    private static final Duration WAIT = Duration.ofSeconds(45);

    @TestHTTPResource("/")
    URL dashboard;

    private HeadlessChromium chromium;
    private WebDriver browser;

    @BeforeEach
    void startBrowser() throws IOException {
        // signed in as ops: every request of the page carries the bearer token
        chromium = HeadlessChromium.signedIn(1600, 1000, TestTokens.withRoles("ops"));
        browser = chromium.driver();
    }

    @AfterEach
    void stopBrowser() throws IOException {
        if (chromium != null) {
            chromium.close();
        }
    }

    @Test
    void dashboardShowsANewAlertLiveWithItsEvidenceAndAcknowledgesItThroughTheButton() {
        String u = unique();
        String department = "dash-" + u;
        String other = "dash-other-" + u;
        browser.get(dashboard.toString());
        WebDriverWait wait = new WebDriverWait(browser, WAIT);
        wait.until(ExpectedConditions.textToBe(By.id("live-status"), "live"));

        // filter the page to one department, then let two alerts arrive while it is open
        browser.findElement(By.id("f-department")).sendKeys(department);
        browser.findElement(By.id("apply-filters")).click();
        wait.until(ExpectedConditions.textToBe(By.id("live-status"), "live"));
        Alert mine = alert("conflicting-answers", Alert.WARNING, "cust-" + u, List.of(department, "support-" + u),
                "fp-" + u);
        Alert notMine = alert("duplicate-outreach", Alert.WARNING, "cust-" + u, List.of(other), "fp2-" + u);
        send(notMine);
        send(mine);

        By row = By.cssSelector("#alerts tbody tr[data-alert-id='" + mine.alertId() + "']");
        wait.until(ExpectedConditions.visibilityOfElementLocated(row));
        wait.until(ExpectedConditions.visibilityOfElementLocated(
                By.cssSelector("#feed-list li[data-alert-id='" + mine.alertId() + "']")));
        assertThat(browser.findElements(By.cssSelector("#alerts tbody tr"))).extracting(
                r -> r.getAttribute("data-alert-id")).doesNotContain(notMine.alertId());
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("by-department"), department));
        WebElement departmentCount = browser.findElement(By.cssSelector("#by-department tr[data-name='" + department
                + "'] td:last-child"));
        assertThat(departmentCount.getText()).isEqualTo("1");
        assertThat(browser.findElement(By.cssSelector("#by-rule tr[data-name='conflicting-answers'] td:last-child"))
                .getText()).isEqualTo("1");
        // consistency-service is not running here: the rule filter offers the rules the alerts name, no copied list
        assertThat(browser.findElements(By.cssSelector("#f-rule option"))).extracting(o -> o.getAttribute("value"))
                .contains("", "conflicting-answers").doesNotHaveDuplicates();
        // a count of a rule filters by it
        browser.findElement(By.cssSelector("#by-rule tr[data-name='conflicting-answers']")).click();
        wait.until(ExpectedConditions.attributeToBe(By.id("f-rule"), "value", "conflicting-answers"));
        browser.findElement(By.id("clear-filters")).click();
        browser.findElement(By.id("f-department")).sendKeys(department);
        browser.findElement(By.id("apply-filters")).click();
        wait.until(ExpectedConditions.textToBe(By.id("live-status"), "live"));
        wait.until(ExpectedConditions.visibilityOfElementLocated(row));

        // the alert's evidence
        browser.findElement(row).click();
        wait.until(ExpectedConditions.textToBe(By.id("detail-summary"), mine.summary()));
        assertThat(browser.findElement(By.id("evidence")).getText())
                .contains(mine.evidence().get(0).said(), mine.evidence().get(1).said());
        assertThat(browser.findElement(By.id("detail-status")).getText()).isEqualTo("open");
        String group = given().when().get("/alerts/" + mine.alertId()).then().extract().path("groupId");
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("detail-group"), "1 alert, 1 customer"));
        wait.until(ExpectedConditions.visibilityOfElementLocated(
                By.cssSelector("#groups tr[data-group-id='" + group + "']")));

        // acknowledge through the button: who acts is the signed-in user (the token's preferred_username, "ops")
        browser.findElement(By.id("action-note")).sendKeys("calling the customer back");
        browser.findElement(By.id("ack-button")).click();
        wait.until(ExpectedConditions.textToBe(By.id("detail-status"), "acknowledged"));
        given().when().get("/alerts/" + mine.alertId()).then().statusCode(200)
                .body("status", is("acknowledged")).body("acknowledgedBy", is("ops"));
        wait.until(ExpectedConditions.textToBePresentInElementLocated(row, "acknowledged"));
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("history"), "calling the customer back"));
        assertThat(browser.findElement(By.id("ack-button")).isEnabled()).isFalse();
        chromium.screenshot(Path.of("target/dashboard.png"));

        // and resolve it
        browser.findElement(By.id("resolve-button")).click();
        wait.until(ExpectedConditions.textToBe(By.id("detail-status"), "resolved"));
        given().when().get("/alerts/" + mine.alertId()).then().body("status", is("resolved"))
                .body("resolvedBy", is("ops"));
    }
}
