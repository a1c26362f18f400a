package dev.unison.simulator;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Plays realistic days of a company: many customers, several departments, mostly calm stories and a configurable
 * share of contradictions of each rule, at a configurable rate, through Kafka or REST.
 *
 * <pre>
 * java -jar simulator/target/unison-simulator.jar --rate=20 --customers=5000 --contradictions=0.2 \
 *      --mix=conflicting-answers:3,duplicate-outreach:1 --via=kafka --bootstrap=localhost:9092
 * java -jar simulator/target/unison-simulator.jar --scenario      # the scripted scenario, once
 * java -jar simulator/target/unison-simulator.jar --via=rest --token-url=... --client-id=... --client-secret=...
 * </pre>
 */
public final class Simulator implements Runnable {

    /** Settings of a run; see {@link #parse(String[])} for their names. */
    public record Options(double rate, int customers, double contradictions, Map<String, Integer> mix, String via,
                          String bootstrap, String journeyUrl, String feedbackUrl, long events, Duration duration,
                          long seed, boolean scenario, int activeStories, Client client) {

        public static Options gentle(String bootstrap) {
            return new Options(2, 200, 0.15, equalMix(), "kafka", bootstrap, "http://localhost:8081",
                    "http://localhost:8082", Long.MAX_VALUE, null, System.nanoTime(), false, 20, Client.LOCAL);
        }
    }

    /** The OAuth 2.0 client that posts through REST: its token endpoint, id and secret (client-credentials grant). */
    public record Client(String tokenUrl, String id, String secret) {
        public static final Client LOCAL = new Client(TokenSource.LOCAL_TOKEN_URL, TokenSource.LOCAL_CLIENT_ID,
                TokenSource.LOCAL_CLIENT_SECRET);
    }

    private final Options options;
    private final Sink sink;
    private final PrintStream out;
    private volatile boolean running = true;
    private long sent;
    private final Map<String, Integer> started = new HashMap<>();

    public Simulator(Options options, PrintStream out) {
        this(options, "rest".equals(options.via()) ? new RestSink(options.journeyUrl(), options.feedbackUrl(),
                TokenSource.clientCredentials(options.client().tokenUrl(), options.client().id(), options.client().secret()))
                : new KafkaSink(options.bootstrap()), out);
    }

    /** Sending through the given sink (e.g. a {@link KafkaSink} signed in as a Kafka user). */
    public Simulator(Options options, Sink sink, PrintStream out) {
        this.options = options;
        this.out = out;
        this.sink = sink;
    }

    public static void main(String[] args) throws Exception {
        Options options = parse(args);
        Simulator simulator = new Simulator(options, System.out);
        Runtime.getRuntime().addShutdownHook(new Thread(simulator::stop));
        simulator.run();
    }

    public void stop() {
        running = false;
    }

    public long sent() {
        return sent;
    }

    @Override
    public void run() {
        try (sink) {
            if (options.scenario()) {
                playScenario();
            } else {
                playDays();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            out.println("simulator stopped: " + e);
        }
    }

    private void playScenario() throws Exception {
        List<Story> stories = Scenario.scripted(options.seed(), 5);
        for (Story story : stories) {
            sink.send(story.events());
            sent += story.events().size();
        }
        Thread.sleep(5_000);
        for (Story story : stories) {
            sink.send(story.later());
            sent += story.later().size();
        }
        out.printf("Sent the scripted scenario: %d stories, %d events. Expected alerts:%n", stories.size(), sent);
        stories.stream().flatMap(s -> s.expected().stream())
                .forEach(a -> out.printf("  %-22s %-40s %s%n", a.rule(), a.customerId(), a.departments()));
    }

    /** Interleaves many stories event by event at the configured rate. */
    private void playDays() throws Exception {
        Random random = new Random(options.seed());
        Stories stories = new Stories(options.seed(), Clock.systemUTC());
        List<StoryInPlay> active = new ArrayList<>();
        long start = System.nanoTime();
        long deadline = options.duration() == null ? Long.MAX_VALUE : start + options.duration().toNanos();
        long nanosPerEvent = (long) (1_000_000_000L / options.rate());
        long next = start;
        long lastReport = start;
        while (running && sent < options.events() && System.nanoTime() < deadline) {
            while (active.size() < options.activeStories()) {
                String rule = random.nextDouble() < options.contradictions() ? pickRule(random) : null;
                String customer = "customer-" + random.nextInt(options.customers());
                active.add(new StoryInPlay(stories.story(rule, customer)));
                started.merge(rule == null ? "calm" : rule, 1, Integer::sum);
            }
            StoryInPlay story = active.get(random.nextInt(active.size()));
            sink.send(List.of(story.next()));
            sent++;
            if (story.done()) {
                active.remove(story);
            }
            next += nanosPerEvent;
            long wait = next - System.nanoTime();
            if (wait > 0) {
                Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
            }
            if (System.nanoTime() - lastReport > 10_000_000_000L) {
                lastReport = System.nanoTime();
                out.printf("simulator: %d events sent; stories started %s%n", sent, started);
            }
        }
        out.printf("simulator: done, %d events sent; stories started %s%n", sent, started);
    }

    private String pickRule(Random random) {
        int total = options.mix().values().stream().mapToInt(Integer::intValue).sum();
        int r = random.nextInt(total);
        for (Map.Entry<String, Integer> e : options.mix().entrySet()) {
            r -= e.getValue();
            if (r < 0) {
                return e.getKey();
            }
        }
        throw new IllegalStateException("empty mix");
    }

    /** A story being played, one event at a time. */
    private static final class StoryInPlay {
        private final List<ObjectNode> events;
        private int position;

        StoryInPlay(Story story) {
            this.events = story.allEvents();
        }

        ObjectNode next() {
            return events.get(position++);
        }

        boolean done() {
            return position >= events.size();
        }
    }

    static Map<String, Integer> equalMix() {
        Map<String, Integer> mix = new java.util.LinkedHashMap<>();
        Stories.RULES.forEach(rule -> mix.put(rule, 1));
        return mix;
    }

    /** Reads {@code --name=value} options; unknown names are refused with the list of known ones. */
    public static Options parse(String[] args) {
        Map<String, String> given = new HashMap<>();
        for (String arg : args) {
            if (!arg.startsWith("--")) {
                throw new IllegalArgumentException("options look like --name=value, not " + arg);
            }
            int eq = arg.indexOf('=');
            given.put(eq < 0 ? arg.substring(2) : arg.substring(2, eq), eq < 0 ? "true" : arg.substring(eq + 1));
        }
        List<String> known = List.of("rate", "customers", "contradictions", "mix", "via", "bootstrap", "journey-url",
                "feedback-url", "events", "duration", "seed", "scenario", "active-stories", "token-url", "client-id",
                "client-secret");
        for (String name : given.keySet()) {
            if (!known.contains(name)) {
                throw new IllegalArgumentException("unknown option --" + name + "; options: " + known);
            }
        }
        Map<String, Integer> mix = equalMix();
        if (given.containsKey("mix")) {
            mix = new java.util.LinkedHashMap<>();
            for (String part : given.get("mix").split(",")) {
                String[] kv = part.split(":");
                if (!Stories.RULES.contains(kv[0])) {
                    throw new IllegalArgumentException("unknown rule " + kv[0] + " in --mix; rules: " + Stories.RULES);
                }
                mix.put(kv[0], kv.length > 1 ? Integer.parseInt(kv[1]) : 1);
            }
        }
        String via = given.getOrDefault("via", "kafka");
        if (!via.equals("kafka") && !via.equals("rest")) {
            throw new IllegalArgumentException("--via is kafka or rest");
        }
        return new Options(Double.parseDouble(given.getOrDefault("rate", "10")),
                Integer.parseInt(given.getOrDefault("customers", "1000")),
                Double.parseDouble(given.getOrDefault("contradictions", "0.1")), mix, via,
                given.getOrDefault("bootstrap", "localhost:9092"),
                given.getOrDefault("journey-url", "http://localhost:8081"),
                given.getOrDefault("feedback-url", "http://localhost:8082"),
                Long.parseLong(given.getOrDefault("events", Long.toString(Long.MAX_VALUE))),
                given.containsKey("duration") ? Duration.parse(given.get("duration")) : null,
                Long.parseLong(given.getOrDefault("seed", "42")),
                Boolean.parseBoolean(given.getOrDefault("scenario", "false")),
                Integer.parseInt(given.getOrDefault("active-stories", "50")),
                new Client(given.getOrDefault("token-url", Client.LOCAL.tokenUrl()),
                        given.getOrDefault("client-id", Client.LOCAL.id()),
                        given.getOrDefault("client-secret", Client.LOCAL.secret())));
    }
}
