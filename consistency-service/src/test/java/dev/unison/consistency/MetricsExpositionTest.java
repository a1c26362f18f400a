package dev.unison.consistency;

import dev.unison.contracts.Topics;
import dev.unison.testsupport.PrometheusExposition;
import dev.unison.testsupport.UnisonTestResources;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.UUID;

import static org.awaitility.Awaitility.await;

/** /q/metrics as Prometheus scrapes it (role metrics, text format 0.0.4): promtool check metrics finds nothing of ours. */
@QuarkusTest
@QuarkusTestResource(value = UnisonTestResources.class, restrictToAnnotatedClass = false,
        initArgs = @ResourceArg(name = "database", value = "false"))
class MetricsExpositionTest {
    @Test
    void prometheusReadsTheMetrics() throws Exception {
        // the service's own counters appear with the first event it reads
        KafkaEvents.send(Topics.TOUCHES, Events.answer("metrics-" + UUID.randomUUID(), "support", Events.T0,
                "refund-window", "30 days"));
        await().atMost(Duration.ofSeconds(60)).until(() -> PrometheusExposition.scrape().contains("# TYPE unison_"));
        PrometheusExposition.assertPrometheusReadsIt();
    }
}
