package dev.unison.bench;

import dev.unison.bench.infra.BenchInfra;
import dev.unison.bench.infra.BenchTokens;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** Heap used and RSS of each service at the end of the run. */
final class Memory {
    private final Run run;

    Memory(Run run) {
        this.run = run;
    }

    void memory() throws Exception {
        for (Map.Entry<String, BenchInfra.Svc> e : run.services.entrySet()) {
            String metrics = Run.HTTP.send(HttpRequest.newBuilder(URI.create(e.getValue().url() + "/q/metrics"))
                    .header("authorization", BenchTokens.BEARER).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            double heap = 0;
            for (String line : metrics.split("\n")) {
                if (line.startsWith("jvm_memory_used_bytes{") && line.contains("area=\"heap\"")) {
                    heap += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
                }
            }
            run.table.add(e.getKey() + " heap used", heap / 1024 / 1024, "MiB", Table.Goal.NONE, Double.NaN, "-Xmx512m");
            long pid = Run.pid(e.getKey());
            double rss = Double.NaN;
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith("VmRSS:")) {
                    rss = Long.parseLong(line.replaceAll("\\D", "")) / 1024.0;
                }
            }
            run.table.add(e.getKey() + " RSS", rss, "MiB");
        }
    }
}
