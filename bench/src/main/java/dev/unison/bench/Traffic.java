package dev.unison.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.unison.simulator.Stories;
import dev.unison.simulator.Story;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Realistic traffic from the simulator's stories: calm stories mixed with contradiction stories (each of which raises
 * one alert), one fresh customer per story. Only touches (the unacknowledged-bug story is feedback only).
 */
public final class Traffic {
    /**
     * The rules whose stories raise their alert from touches alone, as soon as they arrive: every rule of the
     * simulator's stories but those that need later events (unacknowledged-bug: releases after the report).
     */
    public static final List<String> TOUCH_RULES = touchRules();

    private final Stories stories;
    private final Random random;
    private final double contradictions;
    private final String prefix;
    private int customer;

    public Traffic(long seed, double contradictions, String prefix) {
        this.stories = new Stories(seed, Clock.systemUTC());
        this.random = new Random(seed);
        this.contradictions = contradictions;
        this.prefix = prefix;
    }

    /** One story of touches for a fresh customer; contradiction stories raise an alert. */
    public Story next() {
        String id = prefix + "-" + (++customer);
        String rule = random.nextDouble() < contradictions ? TOUCH_RULES.get(random.nextInt(TOUCH_RULES.size())) : null;
        Story s = stories.story(rule, id);
        List<ObjectNode> touches = new ArrayList<>();
        for (ObjectNode e : s.events()) {
            if (e.path("type").asText().startsWith("cx.touch.")) {
                touches.add(e);
            }
        }
        return new Story(s.name(), s.customerId(), touches, s.expected());
    }

    /** Stories until at least n touches. */
    public List<Story> stories(int n) {
        List<Story> out = new ArrayList<>();
        int count = 0;
        while (count < n) {
            Story s = next();
            out.add(s);
            count += s.events().size();
        }
        return out;
    }

    private static List<String> touchRules() {
        Stories probe = new Stories(0, Clock.systemUTC());
        return Stories.RULES.stream().filter(rule -> {
            Story story = probe.story(rule, "probe");
            return story.later().isEmpty()
                    && story.events().stream().anyMatch(e -> e.path("type").asText().startsWith("cx.touch."));
        }).toList();
    }

    public int customers() {
        return customer;
    }

    /** Stamps the events of a story with the given time (one millisecond apart, in order). */
    public static void stamp(Story story, long epochMillis) {
        long t = epochMillis;
        for (ObjectNode e : story.events()) {
            e.put("time", Instant.ofEpochMilli(t++).toString());
        }
    }
}
