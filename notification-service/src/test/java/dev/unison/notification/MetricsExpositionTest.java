package dev.unison.notification;

import dev.unison.testsupport.PrometheusExposition;
import dev.unison.testsupport.UnisonTestResources;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

/** /q/metrics as Prometheus scrapes it (role metrics, text format 0.0.4): promtool check metrics finds nothing of ours. */
@QuarkusTest
@QuarkusTestResource(value = UnisonTestResources.class, restrictToAnnotatedClass = false)
class MetricsExpositionTest {
    @Test
    void prometheusReadsTheMetrics() throws Exception {
        PrometheusExposition.assertPrometheusReadsIt();
    }
}
