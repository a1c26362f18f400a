package dev.unison.notification.privacy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.unison.notification.config.NotificationConfig;
import dev.unison.notification.repository.AlertView;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.MatchResult;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Removes personal data from the free text of an alert before it leaves Unison (webhooks, Alertmanager, the
 * department topics, the live feed): its summary, what each piece of evidence says ({@code said}) and every text
 * value of its details. Kinds ({@code notification.redaction.kinds}): e-mail addresses ({@code [email]}), IBANs
 * passing the ISO 7064 mod-97 check ({@code [iban]}), card numbers of 13-19 digits passing the Luhn check
 * ({@code [card]}), digits after a word such as "account no." ({@code [account]}), and phone numbers written
 * internationally (+49 30 1234567) or nationally with a leading 0 (030 1234567), 7-15 digits ({@code [phone]});
 * plus any {@code extra-patterns} ({@code [redacted]}). Identifiers (alert id, customer id, departments, rule,
 * fingerprint, evidence ids and sources) are not free text and stay as they are.
 */
@ApplicationScoped
public class Redactor {
    public static final Set<String> KINDS = Set.of("email", "phone", "card", "iban", "account");

    private static final Pattern EMAIL = Pattern.compile(
            "(?<![\\w.%+-])[\\w.%+-]+@[A-Za-z0-9-]+(?:\\.[A-Za-z0-9-]+)*\\.[A-Za-z]{2,}(?![\\w-])");
    private static final Pattern IBAN = Pattern.compile(
            "(?<![A-Za-z0-9])[A-Z]{2}\\d{2}(?:[A-Z0-9]{11,30}|(?: [A-Z0-9]{4}){2,7}(?: [A-Z0-9]{1,3})?)(?![A-Za-z0-9])");
    private static final Pattern CARD = Pattern.compile("(?<![\\d-])\\d(?:[ -]?\\d){12,18}(?![\\d-])");
    private static final Pattern ACCOUNT = Pattern.compile(
            "(?i)\\b(account|acct|a/c|konto(?:nummer)?)(\\s*(?:no\\.?|number|nr\\.?|#))?(\\s*[:#]?\\s*)(\\d[\\d -]{3,}\\d)");
    private static final Pattern PHONE = Pattern.compile(
            "(?<![\\w+])(?:\\+|00)[1-9]\\d{0,2}(?:[ .-]?\\(?\\d{1,5}\\)?){2,6}(?![\\w])"
                    + "|(?<![\\w.+-])\\(?0\\d{1,5}\\)?(?:[ ./-]?\\d{2,8}){1,4}(?![\\w])");
    private static final Pattern DATE = Pattern.compile("\\d{1,4}[./-]\\d{1,2}[./-]\\d{1,4}");

    private final boolean enabled;
    private final List<Map.Entry<Pattern, Function<MatchResult, String>>> rules = new ArrayList<>();

    @Inject
    public Redactor(NotificationConfig config) {
        this(config.redaction().enabled(), config.redaction().kinds(),
                config.redaction().extraPatterns().orElse(List.of()));
    }

    public Redactor(boolean enabled, List<String> kinds, List<String> extraPatterns) {
        this.enabled = enabled;
        Set<String> on = Set.copyOf(kinds.stream().map(k -> k.strip().toLowerCase(Locale.ROOT)).toList());
        for (String kind : on) {
            if (!KINDS.contains(kind)) {
                throw new IllegalArgumentException("notification.redaction.kinds: unknown kind '" + kind
                        + "'; known: " + KINDS);
            }
        }
        if (on.contains("email")) {
            rules.add(Map.entry(EMAIL, m -> "[email]"));
        }
        if (on.contains("iban")) {
            rules.add(Map.entry(IBAN, m -> validIban(m.group()) ? "[iban]" : m.group()));
        }
        if (on.contains("card")) {
            rules.add(Map.entry(CARD, m -> luhn(m.group()) ? "[card]" : m.group()));
        }
        if (on.contains("account")) {
            rules.add(Map.entry(ACCOUNT, m -> m.group(1) + (m.group(2) == null ? "" : m.group(2)) + m.group(3)
                    + "[account]"));
        }
        if (on.contains("phone")) {
            rules.add(Map.entry(PHONE, m -> phone(m.group()) ? "[phone]" : m.group()));
        }
        for (String extra : extraPatterns) {
            if (!extra.isBlank()) {
                rules.add(Map.entry(Pattern.compile(extra), m -> "[redacted]"));
            }
        }
    }

    public boolean enabled() {
        return enabled;
    }

    /** The text with every match of the configured kinds replaced; null stays null. */
    public String redact(String text) {
        if (!enabled || text == null || text.isEmpty()) {
            return text;
        }
        String out = text;
        for (Map.Entry<Pattern, Function<MatchResult, String>> rule : rules) {
            Matcher m = rule.getKey().matcher(out);
            out = m.replaceAll(r -> Matcher.quoteReplacement(rule.getValue().apply(r)));
        }
        return out;
    }

    /** The alert with its free text redacted (summary, evidence's said, details' text values). */
    public AlertView redact(AlertView a) {
        if (!enabled || a == null) {
            return a;
        }
        JsonNode evidence = a.evidence() == null ? null : a.evidence().deepCopy();
        if (evidence instanceof ArrayNode items) {
            for (JsonNode item : items) {
                if (item instanceof ObjectNode o && o.get("said") instanceof TextNode said) {
                    o.put("said", redact(said.textValue()));
                }
            }
        }
        JsonNode details = a.details() == null ? null : redactTexts(a.details().deepCopy());
        return new AlertView(a.id(), a.groupId(), a.rule(), a.severity(), a.customerId(), a.departments(),
                a.fingerprint(), redact(a.summary()), evidence, details, a.detectedAt(), a.receivedAt(), a.status(),
                a.silenced(), a.silencedDepartments(), a.acknowledgedBy(), a.acknowledgedAt(), a.resolvedBy(),
                a.resolvedAt(), a.escalatedAt());
    }

    private JsonNode redactTexts(JsonNode node) {
        if (node instanceof TextNode t) {
            return TextNode.valueOf(redact(t.textValue()));
        }
        if (node instanceof ObjectNode o) {
            for (Iterator<Map.Entry<String, JsonNode>> it = o.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                field.setValue(redactTexts(field.getValue()));
            }
        } else if (node instanceof ArrayNode array) {
            for (int i = 0; i < array.size(); i++) {
                array.set(i, redactTexts(array.get(i)));
            }
        }
        return node;
    }

    /** 13-19 digits passing the Luhn check. */
    static boolean luhn(String text) {
        String digits = text.replaceAll("[^0-9]", "");
        if (digits.length() < 13 || digits.length() > 19) {
            return false;
        }
        int sum = 0;
        boolean twice = false;
        for (int i = digits.length() - 1; i >= 0; i--) {
            int d = digits.charAt(i) - '0';
            if (twice) {
                d *= 2;
                if (d > 9) {
                    d -= 9;
                }
            }
            sum += d;
            twice = !twice;
        }
        return sum % 10 == 0;
    }

    /** An IBAN of 15-34 characters whose check digits are right (ISO 7064 mod 97-10). */
    static boolean validIban(String text) {
        String iban = text.replace(" ", "");
        if (iban.length() < 15 || iban.length() > 34) {
            return false;
        }
        String moved = iban.substring(4) + iban.substring(0, 4);
        int remainder = 0;
        for (char c : moved.toCharArray()) {
            int value = Character.isDigit(c) ? c - '0' : c - 'A' + 10;
            remainder = value > 9 ? (remainder * 100 + value) % 97 : (remainder * 10 + value) % 97;
        }
        return remainder == 1;
    }

    /** 7-15 digits, and not a date such as 01.02.2026. */
    private static boolean phone(String text) {
        long digits = text.chars().filter(Character::isDigit).count();
        return digits >= 7 && digits <= 15 && !DATE.matcher(text.strip()).matches();
    }
}
