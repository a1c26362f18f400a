package dev.unison.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.unison.contracts.EventJson;

import java.nio.file.Path;

/** The JMH benchmarks (answers, event reading, each detector), run after the services stopped. */
final class Jmh {
    private final Run run;

    Jmh(Run run) {
        this.run = run;
    }

    void runJmh() throws Exception {
        Path json = run.work.resolve("jmh.json");
        Run.log("JMH: answer normalisation and per-event cost of each detector's stories");
        run.runJava("org.openjdk.jmh.Main", "-f", "1", "-wi", "2", "-w", "2s", "-i", "3", "-r", "2s", "-jvmArgs",
                "-Xmx1g", "-rf", "json", "-rff", json.toString(), "dev.unison.bench.jmh.*");
        for (JsonNode r : EventJson.MAPPER.readTree(json.toFile())) {
            String name = r.path("benchmark").asText().replace("dev.unison.bench.jmh.", "");
            String param = r.path("params").path("detector").asText("");
            double score = r.path("primaryMetric").path("score").asDouble();
            double error = r.path("primaryMetric").path("scoreError").asDouble();
            String unit = r.path("primaryMetric").path("scoreUnit").asText();
            run.table.add("JMH " + name + (param.isEmpty() ? "" : " [" + param + "]"), score, unit, Table.Goal.NONE,
                    Double.NaN, "± " + Table.format(error));
        }
    }
}
