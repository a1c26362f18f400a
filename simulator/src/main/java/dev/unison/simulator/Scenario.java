package dev.unison.simulator;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The scripted scenario: one story of each rule and some calm ones, with the alerts they must raise. The end-to-end
 * test plays it and checks every expected alert reaches its departments.
 */
public final class Scenario {
    private Scenario() {
    }

    public static List<Story> scripted(long seed, int calmStories) {
        Stories stories = new Stories(seed, Clock.systemUTC());
        String run = UUID.randomUUID().toString().substring(0, 8);
        List<Story> out = new ArrayList<>();
        for (int i = 0; i < calmStories; i++) {
            out.add(stories.story(null, "sim-" + run + "-calm-" + i));
        }
        for (String rule : Stories.RULES) {
            out.add(stories.story(rule, "sim-" + run + "-" + rule));
        }
        return out;
    }
}
