package dev.unison.launcher;

import java.time.LocalTime;
import java.time.temporal.ChronoUnit;

/** The launcher's terminal: progress and readiness, one line each. */
final class Console {
    private Console() {
    }

    static void step(String what) {
        System.out.println(now() + "  ..  " + what);
    }

    static void done(String what) {
        System.out.println(now() + "  ok  " + what);
    }

    static void fail(String what) {
        System.out.println(now() + "  !!  " + what);
    }

    private static String now() {
        return LocalTime.now().truncatedTo(ChronoUnit.SECONDS).toString();
    }
}
