package dev.unison.consistency.service;

/**
 * User text as it may go into a log line or a header: control characters (newlines, carriage returns, NUL, escape)
 * written as escapes, so no input can start a forged log line, and cut at {@value #MAX} characters.
 */
public final class LogText {
    static final int MAX = 500;

    private LogText() {
    }

    public static String quote(String text) {
        if (text == null) {
            return "null";
        }
        StringBuilder out = new StringBuilder(Math.min(text.length(), MAX) + 16);
        for (int i = 0; i < text.length() && i < MAX; i++) {
            char c = text.charAt(i);
            switch (c) {
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    boolean loneSurrogate = Character.isHighSurrogate(c)
                            ? i + 1 >= text.length() || !Character.isLowSurrogate(text.charAt(i + 1))
                            : Character.isLowSurrogate(c) && (i == 0 || !Character.isHighSurrogate(text.charAt(i - 1)));
                    if (Character.isISOControl(c) || c == '\u2028' || c == '\u2029' || loneSurrogate) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        if (text.length() > MAX) {
            out.append("… (").append(text.length()).append(" characters)");
        }
        return out.toString();
    }
}
