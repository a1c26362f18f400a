package dev.unison.launcher;

import java.time.LocalTime;
import java.time.format.DateTimeFormatter;

/** The launcher's terminal: progress and readiness, one line each. */
final class Console {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss");

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
        return LocalTime.now().format(TIME);
    }
}
