package dev.unison.simulator;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.unison.contracts.EventJson;
import dev.unison.contracts.EventTypes;

import java.time.Clock;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.BiFunction;

/**
 * The stories the simulator plays: calm ones, where departments agree and nobody repeats themselves, and one kind of
 * story per detector rule, where departments contradict or repeat each other as real companies do. Event times are
 * stamped when a story is built (now), one second apart, so every event is recent and in order.
 * <p>
 * One story per rule of the alert contract ({@code alert.json}'s {@code rule} enum, consistency-service's rule
 * catalogue), in {@link #BY_RULE}; a rule found only alongside another rule's alerts is in {@link #WITHOUT_STORY}.
 * {@code StoriesTest} fails for a rule of the contract that is in neither.
 */
public final class Stories {
    /** The story of each rule, by rule id. */
    private static final Map<String, BiFunction<Stories, String, Story>> BY_RULE = byRule();
    /** The rules that have a story, in the order of the contract. */
    public static final List<String> RULES = List.copyOf(BY_RULE.keySet());
    /** Rules of the contract with no story of their own, and why. */
    public static final Map<String, String> WITHOUT_STORY = Map.of("answers-not-comparable",
            "raised by conflicting-answers' detectors when two answers cannot be compared; calm and contradiction "
                    + "stories use answers that can");
    private static final String SOURCE = "/simulator/";

    private static Map<String, BiFunction<Stories, String, Story>> byRule() {
        Map<String, BiFunction<Stories, String, Story>> stories = new LinkedHashMap<>();
        stories.put("conflicting-answers", Stories::conflictingAnswers);
        stories.put("repeated-info-request", Stories::repeatedInfoRequest);
        stories.put("renewal-only-contact", Stories::renewalOnlyContact);
        stories.put("duplicate-outreach", Stories::duplicateOutreach);
        stories.put("ticket-maze", Stories::ticketMaze);
        stories.put("unacknowledged-bug", Stories::unacknowledgedBug);
        stories.put("automation-loop", Stories::automationLoop);
        return stories;
    }

    private final Random random;
    private final Clock clock;
    private long sequence;
    private OffsetDateTime time;

    public Stories(long seed, Clock clock) {
        this.random = new Random(seed);
        this.clock = clock;
    }

    /** A story for the rule, or a calm story for null. */
    public Story story(String rule, String customerId) {
        time = OffsetDateTime.now(clock).withNano(0).minusMinutes(1);
        BiFunction<Stories, String, Story> maker = rule == null ? Stories::calm : BY_RULE.get(rule);
        if (maker == null) {
            throw new IllegalArgumentException("no story for rule " + rule + "; rules: " + RULES);
        }
        Story story = maker.apply(this, customerId);
        if (story.calm() || story.events().isEmpty()) {
            return story;
        }
        // customers who met a contradiction tend to rate the company lower afterwards
        String department = story.expected().get(0).departments().get(0);
        List<ObjectNode> events = new ArrayList<>(story.events());
        events.add(feedback(EventTypes.SURVEY, customerId, department, Map.of("metric", "csat",
                "score", 1 + random.nextInt(3))));
        return new Story(story.name(), customerId, events, story.later(), story.expected());
    }

    /** A release that fixes the given bugs; releases concern every customer. */
    public ObjectNode release(String release, List<String> fixes) {
        ObjectNode event = envelope(EventTypes.RELEASE_SHIPPED, "product");
        ObjectNode data = event.putObject("data");
        data.put("release", release);
        data.put("department", "product");
        data.set("fixes", EventJson.MAPPER.valueToTree(fixes));
        return event;
    }

    /** Departments agree, answers differ only in wording, every request is answered by a person. */
    private Story calm(String customer) {
        String support = random.nextBoolean() ? "support" : "customer-success";
        List<ObjectNode> events = new ArrayList<>();
        events.add(touch(EventTypes.CONTACT, customer, support, "phone", "inbound", Map.of("purpose", "question",
                "summary", "asks about refunds"), false));
        events.add(touch(EventTypes.ANSWER_GIVEN, customer, support, "phone", "outbound", Map.of(
                "question", "refund-window", "answer", pick("30 days", "thirty days", "30-day")), false));
        events.add(touch(EventTypes.ANSWER_GIVEN, customer, "sales", "email", "outbound", Map.of(
                "question", "refund-window", "answer", "30 days"), false));
        events.add(touch(EventTypes.INFO_PROVIDED, customer, "billing", "portal", "inbound",
                Map.of("fields", List.of("iban")), false));
        events.add(touch(EventTypes.MESSAGE_SENT, customer, "marketing", "email", "outbound", Map.of(
                "contentKey", "newsletter-" + sequence, "subject", "Your monthly update " + sequence,
                "purpose", "marketing"), false));
        String caseId = "case-" + customer + "-" + sequence;
        String issue = "password-reset-" + sequence;
        events.add(touch(EventTypes.CASE_OPENED, customer, support, "chat", "inbound", Map.of(
                "caseId", caseId, "issueKey", issue), false));
        events.add(touch(EventTypes.CASE_CLOSED, customer, support, "chat", "outbound", Map.of(
                "caseId", caseId, "issueKey", issue, "resolution", "solved"), false));
        events.add(feedback(EventTypes.SURVEY, customer, support, Map.of("metric", "csat",
                "score", 4 + random.nextInt(2))));
        return new Story("calm", customer, events, List.of());
    }

    private Story conflictingAnswers(String customer) {
        List<ObjectNode> events = List.of(
                touch(EventTypes.CONTACT, customer, "support", "phone", "inbound", Map.of("purpose", "question"), false),
                touch(EventTypes.ANSWER_GIVEN, customer, "support", "phone", "outbound", Map.of(
                        "question", "refund-window", "answer", "30 days"), false),
                touch(EventTypes.ANSWER_GIVEN, customer, "sales", "email", "outbound", Map.of(
                        "question", "refund-window", "answer", "14 days"), false));
        return new Story("conflicting-answers", customer, events,
                List.of(expect("conflicting-answers", customer, "sales", "support")));
    }

    private Story repeatedInfoRequest(String customer) {
        List<ObjectNode> events = List.of(
                touch(EventTypes.INFO_REQUESTED, customer, "billing", "email", "outbound",
                        Map.of("fields", List.of("vat-number")), false),
                touch(EventTypes.INFO_PROVIDED, customer, "billing", "email", "inbound",
                        Map.of("fields", List.of("vat-number")), false),
                touch(EventTypes.INFO_REQUESTED, customer, "sales", "phone", "outbound",
                        Map.of("fields", List.of("vat-number")), false));
        return new Story("repeated-info-request", customer, events,
                List.of(expect("repeated-info-request", customer, "sales")));
    }

    private Story renewalOnlyContact(String customer) {
        LocalDate renewsOn = LocalDate.now(clock).plusDays(20);
        List<ObjectNode> events = List.of(
                touch(EventTypes.CONTRACT_UPDATED, customer, "account-management", "portal", "outbound", Map.of(
                        "contractId", "contract-" + customer, "renewsOn", renewsOn.toString()), false),
                touch(EventTypes.MESSAGE_SENT, customer, "account-management", "email", "outbound", Map.of(
                        "contentKey", "renewal-reminder", "subject", "Your contract renews on " + renewsOn,
                        "purpose", "renewal"), false));
        return new Story("renewal-only-contact", customer, events,
                List.of(expect("renewal-only-contact", customer, "account-management")));
    }

    private Story duplicateOutreach(String customer) {
        String content = "spring-offer-" + sequence;
        List<ObjectNode> events = List.of(
                touch(EventTypes.MESSAGE_SENT, customer, "marketing", "email", "outbound", Map.of(
                        "contentKey", content, "subject", "Spring offer", "purpose", "marketing"), false),
                touch(EventTypes.MESSAGE_SENT, customer, "sales", "email", "outbound", Map.of(
                        "contentKey", content, "subject", "Spring offer", "purpose", "marketing"), false));
        return new Story("duplicate-outreach", customer, events,
                List.of(expect("duplicate-outreach", customer, "marketing", "sales")));
    }

    private Story ticketMaze(String customer) {
        String issue = "invoice-wrong-" + sequence;
        String caseId = "case-" + customer + "-" + sequence;
        List<ObjectNode> events = List.of(
                touch(EventTypes.CASE_OPENED, customer, "support", "phone", "inbound", Map.of(
                        "caseId", caseId, "issueKey", issue), false),
                touch(EventTypes.CASE_TRANSFERRED, customer, "support", "phone", "outbound", Map.of(
                        "caseId", caseId, "issueKey", issue, "fromDepartment", "support", "toDepartment", "billing"),
                        false),
                touch(EventTypes.CASE_TRANSFERRED, customer, "billing", "email", "outbound", Map.of(
                        "caseId", caseId, "issueKey", issue, "fromDepartment", "billing", "toDepartment", "finance"),
                        false));
        return new Story("ticket-maze", customer, events,
                List.of(expect("ticket-maze", customer, "billing", "finance", "support")));
    }

    private Story unacknowledgedBug(String customer) {
        String bug = "BUG-" + customer.hashCode() + "-" + sequence;
        List<ObjectNode> report = List.of(feedback(EventTypes.BUG_REPORT, customer, "support", Map.of("bugKey", bug,
                "summary", "export fails")));
        List<ObjectNode> releases = List.of(release("sim-" + sequence + "-a", List.of()),
                release("sim-" + sequence + "-b", List.of()));
        return new Story("unacknowledged-bug", customer, report, releases,
                List.of(expect("unacknowledged-bug", customer, "product", "support")));
    }

    /**
     * Three questions answered by the bot only, half an hour ago, and the customer writing again now: no person joined
     * within the rule's grace period (15 minutes), so the loop is alerted as the customer writes again.
     */
    private Story automationLoop(String customer) {
        OffsetDateTime resume = time == null ? OffsetDateTime.now(clock).withNano(0).minusMinutes(1) : time;
        time = resume.minusMinutes(30);
        List<ObjectNode> events = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            events.add(touch(EventTypes.CONTACT, customer, "support", "chat", "inbound", Map.of(
                    "purpose", "question", "summary", "still cannot log in"), false));
            events.add(touch(EventTypes.CONTACT, customer, "support", "chat", "outbound", Map.of(
                    "purpose", "service", "summary", "Have you tried our help centre?"), true));
        }
        time = resume;
        events.add(touch(EventTypes.CONTACT, customer, "support", "chat", "inbound", Map.of(
                "purpose", "question", "summary", "is anyone there?"), false));
        return new Story("automation-loop", customer, events, List.of(expect("automation-loop", customer, "support")));
    }

    private ObjectNode touch(String type, String customer, String department, String channel, String direction,
                             Map<String, Object> extra, boolean automated) {
        ObjectNode event = envelope(type, department);
        ObjectNode data = event.putObject("data");
        data.put("customerId", customer);
        data.put("department", department);
        data.put("channel", channel);
        data.put("direction", direction);
        data.put("initiatedBy", "inbound".equals(direction) ? "customer" : "company");
        ObjectNode agent = data.putObject("agent");
        agent.put("id", automated ? department + "-bot" : department + "-agent-" + (1 + random.nextInt(5)));
        agent.put("automated", automated);
        extra.forEach((k, v) -> data.set(k, EventJson.MAPPER.valueToTree(v)));
        return event;
    }

    private ObjectNode feedback(String type, String customer, String department, Map<String, Object> extra) {
        ObjectNode event = envelope(type, department);
        ObjectNode data = event.putObject("data");
        data.put("customerId", customer);
        data.put("department", department);
        extra.forEach((k, v) -> data.set(k, EventJson.MAPPER.valueToTree(v)));
        return event;
    }

    private ObjectNode envelope(String type, String department) {
        sequence++;
        time = time == null ? OffsetDateTime.now(clock).withNano(0).minusMinutes(1) : time.plusSeconds(1);
        ObjectNode event = EventJson.MAPPER.createObjectNode();
        event.put("specversion", "1.0");
        event.put("id", "sim-" + Long.toHexString(random.nextLong()) + "-" + sequence);
        event.put("source", SOURCE + department);
        event.put("type", type);
        event.put("time", time.withOffsetSameInstant(ZoneOffset.UTC).format(DateTimeFormatter.ISO_OFFSET_DATE_TIME));
        return event;
    }

    private String pick(String... options) {
        return options[random.nextInt(options.length)];
    }

    private static Story.ExpectedAlert expect(String rule, String customer, String... departments) {
        return new Story.ExpectedAlert(rule, customer, List.of(departments));
    }
}
