package dev.unison.bench;

import dev.unison.contracts.Topics;

import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The committed offsets of a consumer group on the pre-filled topic, sampled every 50 ms from before its consumer
 * starts (a fast drain may end before the service reports ready), and its rate between 10 % and 100 % of them,
 * which leaves the start-up out.
 */
final class Progress implements AutoCloseable {
private final Run run;

    // {nanos, offsets, service CPU ticks, broker CPU ticks, machine busy ticks, machine ticks}
    private final List<long[]> samples = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final long total;
    private final Thread sampler;
    private long[] from;
    private long[] to;

    /** Also samples the CPU time of the process of {@code module} (null: this one) and of the broker. */
    Progress(Run run, String group, long total, String module) {
        this.run = run;
        this.total = total;
        long broker = Run.child("kafka.Kafka");
        sampler = new Thread(() -> {
            long service = module == null ? ProcessHandle.current().pid() : -1;
            while (!Thread.currentThread().isInterrupted()) {
                try {
                    if (service < 0) {
                        service = Run.child("apps/" + module + "/quarkus-app");
                    }
                    long done = run.kafka.committed(group, Topics.TOUCHES);
                    long[] machine = Cpu.machineTicks();
                    samples.add(new long[]{System.nanoTime(), done, Cpu.cpuTicks(service), Cpu.cpuTicks(broker),
                            machine[0], machine[1]});
                    if (done >= total) {
                        return;
                    }
                    Thread.sleep(50);
                } catch (InterruptedException e) {
                    return;
                } catch (Exception e) {
                    Run.log("reading the offsets of " + group + " failed: " + e);
                }
            }
        }, "progress-" + group);
        sampler.setDaemon(true);
        sampler.start();
    }

    double rate(String who) throws Exception {
        sampler.join(TimeUnit.MINUTES.toMillis(10));
        for (long[] sample : samples) {
            if (from == null && sample[1] >= total / 10) {
                from = sample;
            }
            if (sample[1] >= total) {
                to = sample;
                break;
            }
        }
        if (to == null) {
            long done = samples.isEmpty() ? 0 : samples.get(samples.size() - 1)[1];
            throw new IllegalStateException(who + " consumed only " + done + " of " + total);
        }
        if (to == from) {
            throw new IllegalStateException(who + " drained " + total + " records between two samples 50 ms apart:"
                    + " too few to measure, pre-fill more with --events");
        }
        double rate = (to[1] - from[1]) / ((to[0] - from[0]) / 1e9);
        Run.log(who + ": " + Math.round(rate) + " records/s");
        return rate;
    }

    /** Records consumed between the two samples the rate is taken from. */
    double events() {
        return to[1] - from[1];
    }

    /** CPU ticks (1/100 s) between those samples: the service, the broker, the machine busy, the machine. */
    long[] cpu() {
        return new long[]{to[2] - from[2], to[3] - from[3], to[4] - from[4], to[5] - from[5]};
    }

    @Override
    public void close() {
        sampler.interrupt();
    }
}

