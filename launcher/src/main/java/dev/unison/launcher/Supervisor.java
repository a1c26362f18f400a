package dev.unison.launcher;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Runs parts as child processes and keeps them running: when one exits that was not asked to, it says which, with
 * its exit code and the last lines of its log, and starts it again after a pause that doubles with each restart (0.2 s
 * up to 30 s). A part that died {@link Policy#maxRestarts()} times within {@link Policy#window()} is left stopped,
 * and the console says so. {@link #close()} stops every part it started, the last started first, and reports what
 * each one did.
 */
public final class Supervisor implements AutoCloseable {
    private static final int LOG_LINES = 8;
    private static final int LINE_WIDTH = 200;

    /** How eagerly crashed parts are started again. */
    record Policy(Duration firstBackoff, Duration maxBackoff, int maxRestarts, Duration window) {
        /** The first restart after 200 ms: a killed service's work waits for its restart (README "Running at scale"). */
        static final Policy DEFAULT = new Policy(Duration.ofMillis(200), Duration.ofSeconds(30), 5, Duration.ofMinutes(10));
    }

    /** One supervised part and its current process. */
    public static final class Supervised {
        private final Part part;
        private final Deque<Long> crashes = new ArrayDeque<>();
        private volatile Process process;
        private volatile boolean gaveUp;
        private volatile boolean held;
        private volatile int restarts;

        private Supervised(Part part) {
            this.part = part;
        }

        Part part() {
            return part;
        }

        /** The process running now (after a restart, the new one). */
        public Process process() {
            return process;
        }

        /** How often it has been started again after a crash. */
        int restarts() {
            return restarts;
        }

        boolean gaveUp() {
            return gaveUp;
        }
    }

    private final Policy policy;
    private final List<Supervised> parts = new CopyOnWriteArrayList<>();
    private final ScheduledExecutorService restarter = Executors.newScheduledThreadPool(2, r -> {
        Thread t = new Thread(r, "supervisor");
        t.setDaemon(true);
        return t;
    });
    private volatile boolean stopping;

    Supervisor(Policy policy) {
        this.policy = policy;
    }

    public Supervisor() {
        this(Policy.DEFAULT);
    }

    /** Starts a part and waits until it is ready; from then on it is restarted when it dies. */
    public Supervised run(Part part) throws Exception {
        Supervised s = launch(part);
        await(s);
        return s;
    }

    /** Starts a part without waiting; {@link #await(Supervised)} waits for it. Lets slow parts start side by side. */
    public Supervised launch(Part part) throws IOException {
        Supervised s = new Supervised(part);
        parts.add(s);
        s.process = part.start();
        return s;
    }

    /** Waits until a launched part is ready, then watches it. */
    public void await(Supervised s) throws Exception {
        s.part.awaitReady(s.process);
        watch(s, s.process);
    }

    List<Supervised> parts() {
        return List.copyOf(parts);
    }

    private void watch(Supervised s, Process process) {
        process.onExit().thenAccept(p -> {
            if (!stopping && !s.held && s.process == p) {
                crashed(s, p);
            }
        });
    }

    private void crashed(Supervised s, Process p) {
        int code = p.exitValue();
        String how = code > 128 ? "exit " + code + ", killed by signal " + (code - 128) : "exit " + code;
        StringBuilder report = new StringBuilder(s.part.name() + " died (" + how + "); last lines of " + s.part.log() + ":");
        for (String line : tail(s.part.log(), LOG_LINES)) {
            report.append(System.lineSeparator()).append("      | ")
                    .append(line.length() > LINE_WIDTH ? line.substring(0, LINE_WIDTH) + " …" : line);
        }
        Console.fail(report.toString());
        long now = System.nanoTime();
        synchronized (s.crashes) {
            s.crashes.addLast(now);
            while (!s.crashes.isEmpty() && now - s.crashes.peekFirst() > policy.window().toNanos()) {
                s.crashes.removeFirst();
            }
            if (s.crashes.size() > policy.maxRestarts()) {
                s.gaveUp = true;
                Console.fail("gave up on " + s.part.name() + ": it died " + s.crashes.size() + " times within "
                        + policy.window().toMinutes() + " min; see " + s.part.log());
                return;
            }
        }
        scheduleRestart(s, backoff(s));
    }

    private Duration backoff(Supervised s) {
        int n;
        synchronized (s.crashes) {
            n = s.crashes.size() - 1;
        }
        Duration pause = policy.firstBackoff().multipliedBy(1L << Math.min(n, 16));
        return pause.compareTo(policy.maxBackoff()) > 0 ? policy.maxBackoff() : pause;
    }

    private void scheduleRestart(Supervised s, Duration pause) {
        Console.step("restarting " + s.part.name() + " in " + pause.toMillis() + " ms");
        restarter.schedule(() -> restart(s), pause.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void restart(Supervised s) {
        if (stopping) {
            return;
        }
        long started = System.nanoTime();
        try {
            Process process = s.part.start();
            s.process = process;
            s.restarts++;
            s.part.awaitReady(process);
            Console.done(s.part.name() + " restarted, ready after "
                    + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started) + " ms");
            watch(s, process);
        } catch (Exception e) {
            if (stopping) {
                return;
            }
            Console.fail(s.part.name() + " did not come back: " + e.getMessage());
            Process failed = s.process;
            if (failed != null && failed.isAlive()) {
                try {
                    s.part.stop(failed);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
            if (failed != null) {
                crashed(s, failed);
            }
        }
    }

    /** Stops one part and keeps it stopped (no restart) until {@link #resume(Supervised)}. */
    void hold(Supervised s) throws InterruptedException {
        s.held = true;
        s.part.stop(s.process);
        Console.done(s.part.name() + " stopped on request");
    }

    /** Starts a held part again and waits until it is ready. */
    void resume(Supervised s) throws Exception {
        s.process = s.part.start();
        s.held = false;
        s.part.awaitReady(s.process);
        Console.done(s.part.name() + " started again on request");
        watch(s, s.process);
    }

    /** The last lines of a log file, or none when it cannot be read. */
    static List<String> tail(Path log, int lines) {
        try {
            List<String> all = Files.readAllLines(log, StandardCharsets.UTF_8);
            return new ArrayList<>(all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException | RuntimeException e) {
            return List.of();
        }
    }

    /**
     * Stops every part, the last started first, and says of each whether it stopped or had to be killed.
     * Returns the names of parts still alive afterwards (none, unless the operating system refused).
     */
    synchronized List<String> stopAll() {
        if (stopping) {
            return List.of();
        }
        stopping = true;
        restarter.shutdownNow();
        List<String> alive = new ArrayList<>();
        List<Supervised> reversed = new ArrayList<>(parts);
        java.util.Collections.reverse(reversed);
        for (Supervised s : reversed) {
            Process p = s.process;
            if (p == null) {
                continue;
            }
            if (!p.isAlive()) {
                Console.done(s.part.name() + " was not running (" + (s.gaveUp ? "given up" : "exit " + p.exitValue()) + ")");
                continue;
            }
            try {
                s.part.stop(p);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (p.isAlive()) {
                alive.add(s.part.name() + " (pid " + p.pid() + ")");
                Console.fail(s.part.name() + " is still running (pid " + p.pid() + ")");
            } else {
                Console.done(s.part.name() + " stopped");
            }
        }
        return alive;
    }

    @Override
    public void close() {
        stopAll();
    }
}
