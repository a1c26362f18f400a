package dev.unison.bench;

import java.nio.file.Path;

/**
 * A service started on the pre-filled topic, measured between 10 % and 100 % of the records its group consumed (start-up
 * left out), with its CPU per record.
 */
final class Drain {
    private final Run run;

    Drain(Run run) {
        this.run = run;
    }

    /**
     * Starts a service on the pre-filled topic and measures its rate between 10 % and 100 % of the records consumed
     * (committed offsets of its group), which leaves its start-up out.
     */
    double drain(String module, String group, long total, String measure, String unit) throws Exception {
        try (Progress progress = new Progress(run, group, total, module)) {
            run.start(module);
            Path jfr = run.recording(module + "-drain");
            if (run.profile) {
                run.jcmd(module, "JFR.start", "name=bench", "settings=profile", "filename=" + jfr);
            }
            double rate = progress.rate(module);
            run.table.add(measure, rate, unit);
            cpuRow(module, progress);
            if (run.profile) {
                run.jcmd(module, "JFR.stop", "name=bench");
                run.profiles.append(Profiles.summarise(module + " while draining the pre-filled topic", jfr, 15));
            }
            return rate;
        }
    }

    /** CPU time per record of a drain: the consuming process's, the broker's, and how busy the machine was. */
    void cpuRow(String who, Progress progress) {
        long[] cpu = progress.cpu();
        double events = progress.events();
        run.table.add(who + " CPU per record while draining (its process)", cpu[0] * 10_000.0 / events, "µs",
                Table.Goal.NONE, Double.NaN, "the broker's: " + Table.format(cpu[1] * 10_000.0 / events)
                        + " µs per record; the machine's cores " + Math.round(100.0 * cpu[2] / Math.max(1, cpu[3]))
                        + " % busy");
    }
}
