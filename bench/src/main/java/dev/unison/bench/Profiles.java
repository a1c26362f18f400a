package dev.unison.bench;

import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingFile;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** Summaries of JFR recordings: where the CPU samples (jdk.ExecutionSample) were, by top frame and by package. */
final class Profiles {
    private Profiles() {
    }

    /** Summarises recordings given on the command line. */
    public static void main(String[] args) throws IOException {
        for (String file : args) {
            System.out.println(summarise(file, Path.of(file), 25));
        }
    }

    static String summarise(String title, Path recording, int top) throws IOException {
        Map<String, Integer> topFrames = new HashMap<>();
        Map<String, Integer> inclusive = new HashMap<>();
        Map<String, Integer> unison = new HashMap<>();
        int samples = 0;
        for (RecordedEvent e : RecordingFile.readAllEvents(recording)) {
            if (!e.getEventType().getName().equals("jdk.ExecutionSample")) {
                continue;
            }
            RecordedStackTrace st = e.getStackTrace();
            if (st == null || st.getFrames().isEmpty()) {
                continue;
            }
            samples++;
            List<RecordedFrame> frames = st.getFrames();
            topFrames.merge(name(frames.get(0)), 1, Integer::sum);
            // inclusive counts of notable frames: each method once per sample
            java.util.Set<String> seen = new java.util.HashSet<>();
            for (RecordedFrame f : frames) {
                String n = name(f);
                if (notable(n) && seen.add(n)) {
                    inclusive.merge(n, 1, Integer::sum);
                    if (n.startsWith("dev.unison.") && !n.contains("_ClientProxy") && !n.contains("$$Lambda")) {
                        unison.merge(n, 1, Integer::sum);
                    }
                }
            }
        }
        StringBuilder out = new StringBuilder();
        out.append("#### ").append(title).append(" (").append(samples).append(" CPU samples)\n\n");
        out.append("Top frames (self):\n\n");
        append(out, topFrames, samples, top);
        out.append("\nInclusive, Unison's own methods:\n\n");
        append(out, unison, samples, top);
        out.append("\nInclusive, libraries below the frameworks' own loops (JDBC, Kafka clients, Jackson, RocksDB,"
                + " schema validation, JDK time):\n\n");
        Map<String, Integer> libraries = new HashMap<>();
        inclusive.forEach((k, v) -> {
            if (!k.startsWith("dev.unison.") && !k.startsWith("org.apache.kafka.streams.processor.internals.")
                    && !k.startsWith("io.netty.") && !k.startsWith("io.vertx.") && !k.startsWith("org.jboss.resteasy.")
                    && !k.contains("$$Lambda")) {
                libraries.put(k, v);
            }
        });
        append(out, libraries, samples, top);
        return out.append('\n').toString();
    }

    /**
     * Where the threads whose name contains {@code threads} waited (jdk.ThreadPark, jdk.JavaMonitorWait), by the first
     * frame outside the JDK: how often, how long in all and at most. A stream thread that waits is not processing.
     */
    static String waits(String title, Path recording, String threads) throws IOException {
        Map<String, long[]> byPlace = new HashMap<>(); // {count, total ms, max ms}
        for (RecordedEvent e : RecordingFile.readAllEvents(recording)) {
            String type = e.getEventType().getName();
            if (!type.equals("jdk.ThreadPark") && !type.equals("jdk.JavaMonitorWait")) {
                continue;
            }
            if (e.getThread() == null || e.getThread().getJavaName() == null
                    || !e.getThread().getJavaName().contains(threads) || e.getStackTrace() == null) {
                continue;
            }
            String place = "?";
            for (RecordedFrame f : e.getStackTrace().getFrames()) {
                String n = name(f);
                if (!n.startsWith("java.") && !n.startsWith("jdk.") && !n.startsWith("sun.")) {
                    place = n;
                    break;
                }
            }
            long ms = e.getDuration().toMillis();
            long[] agg = byPlace.computeIfAbsent(place, k -> new long[3]);
            agg[0]++;
            agg[1] += ms;
            agg[2] = Math.max(agg[2], ms);
        }
        StringBuilder out = new StringBuilder("#### ").append(title).append("\n\n```\n");
        if (byPlace.isEmpty()) {
            out.append("no wait of 10 ms or more: the threads were running or runnable (waiting for a core)\n");
        }
        byPlace.entrySet().stream().sorted((a, b) -> Long.compare(b.getValue()[1], a.getValue()[1])).limit(8)
                .forEach(e -> out.append(String.format(java.util.Locale.ROOT, "%7d ms in all, %5d ms at most, %5d"
                        + " times  %s%n", e.getValue()[1], e.getValue()[2], e.getValue()[0], e.getKey())));
        return out.append("```\n\n").toString();
    }

    private static boolean notable(String n) {
        return n.startsWith("dev.unison.") || n.startsWith("org.postgresql.") || n.startsWith("org.apache.kafka.")
                || n.startsWith("com.fasterxml.") || n.startsWith("org.rocksdb.") || n.startsWith("com.networknt.")
                || n.startsWith("io.agroal.") || n.startsWith("com.arjuna.") || n.startsWith("io.vertx.")
                || n.startsWith("io.netty.") || n.startsWith("org.jboss.resteasy.") || n.startsWith("java.time.")
                || n.startsWith("java.util.regex.");
    }

    private static void append(StringBuilder out, Map<String, Integer> counts, int samples, int top) {
        Map<String, Integer> sorted = counts.entrySet().stream()
                .sorted(Map.Entry.<String, Integer>comparingByValue().reversed()).limit(top)
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue, (a, b) -> a, LinkedHashMap::new));
        out.append("```\n");
        sorted.forEach((k, v) -> out.append(String.format(java.util.Locale.ROOT, "%5.1f%%  %s%n",
                100.0 * v / Math.max(1, samples), k)));
        out.append("```\n");
    }

    private static String name(RecordedFrame f) {
        return f.getMethod().getType().getName() + "." + f.getMethod().getName();
    }
}
