package dev.unison.launcher;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class SupervisorTest {
    private static final Supervisor.Policy FAST = new Supervisor.Policy(Duration.ofMillis(50), Duration.ofMillis(200),
            2, Duration.ofMinutes(1));

    @TempDir
    Path dir;

    /** A shell command as a part; ready as soon as it started. */
    private Part shell(String name, String script) {
        Path log = dir.resolve(name + ".log");
        return new Part() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public Path log() {
                return log;
            }

            @Override
            public Process start() throws IOException {
                return new ProcessBuilder("sh", "-c", script).redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
            }

            @Override
            public void awaitReady(Process process) {
            }
        };
    }

    @Test
    void aKilledPartIsStartedAgainAsANewProcess() throws Exception {
        try (Supervisor supervisor = new Supervisor(FAST)) {
            Supervisor.Supervised s = supervisor.run(shell("sleeper", "sleep 60"));
            long first = s.process().pid();
            s.process().destroyForcibly();
            await().atMost(Duration.ofSeconds(10)).until(() -> s.restarts() == 1 && s.process().isAlive()
                    && s.process().pid() != first);
            assertThat(s.gaveUp()).isFalse();
        }
    }

    @Test
    void aPartThatKeepsDyingIsGivenUpAfterTheLimit() throws Exception {
        try (Supervisor supervisor = new Supervisor(FAST)) {
            Supervisor.Supervised s = supervisor.run(shell("crasher", "echo failing on purpose; sleep 0.1; exit 3"));
            await().atMost(Duration.ofSeconds(10)).until(s::gaveUp);
            assertThat(s.restarts()).isEqualTo(FAST.maxRestarts());
            Thread.sleep(500);
            assertThat(s.restarts()).as("no restart after giving up").isEqualTo(FAST.maxRestarts());
            assertThat(Supervisor.tail(s.part().log(), 2)).contains("failing on purpose");
        }
    }

    @Test
    void stopAllStopsEveryPartAndRestartsNone() throws Exception {
        Supervisor supervisor = new Supervisor(FAST);
        Supervisor.Supervised a = supervisor.run(shell("a", "sleep 60"));
        Supervisor.Supervised b = supervisor.run(shell("b", "sleep 60"));
        Process pa = a.process();
        Process pb = b.process();
        List<String> alive = supervisor.stopAll();
        assertThat(alive).isEmpty();
        assertThat(pa.isAlive()).isFalse();
        assertThat(pb.isAlive()).isFalse();
        Thread.sleep(300);
        assertThat(a.process()).isSameAs(pa);
        assertThat(b.restarts()).isZero();
    }
}
