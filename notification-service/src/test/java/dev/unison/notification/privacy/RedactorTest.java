package dev.unison.notification.privacy;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The redactor alone: each kind it finds, what it leaves alone, and its settings. */
class RedactorTest {
    private static final List<String> ALL = List.of("email", "phone", "card", "iban", "account");
    private final Redactor redactor = new Redactor(true, ALL, List.of());

    @Test
    void emailAddresses() {
        assertThat(redactor.redact("write to jane.doe+cx@mail.example.co.uk today"))
                .isEqualTo("write to [email] today");
        assertThat(redactor.redact("Ana (ana@example.com) and bo@x.io.")).isEqualTo("Ana ([email]) and [email].");
        assertThat(redactor.redact("not an address: user@localhost or @handle")).contains("user@localhost", "@handle");
    }

    @Test
    void phoneNumbersButNotDatesTimesOrAmounts() {
        assertThat(redactor.redact("call +49 30 1234567 now")).isEqualTo("call [phone] now");
        assertThat(redactor.redact("call +1 (415) 555-0132.")).isEqualTo("call [phone].");
        assertThat(redactor.redact("ring 030 1234567 or 0171-2345678")).isEqualTo("ring [phone] or [phone]");
        assertThat(redactor.redact("0044 20 7946 0958")).isEqualTo("[phone]");
        for (String kept : List.of("refund within 30 days", "on 2026-11-25T10:15:00Z", "on 01.02.2026",
                "costs 1,250.00 EUR", "ticket 4711", "version 2.4.1", "order 123456789", "between 09:00 and 17:30")) {
            assertThat(redactor.redact(kept)).as(kept).isEqualTo(kept);
        }
    }

    @Test
    void cardNumbersOnlyWhenTheLuhnCheckPasses() {
        assertThat(redactor.redact("card 4111 1111 1111 1111 expires")).isEqualTo("card [card] expires");
        assertThat(redactor.redact("card 5500-0000-0000-0004")).isEqualTo("card [card]");
        assertThat(redactor.redact("amex 378282246310005")).isEqualTo("amex [card]");
        assertThat(redactor.redact("4111111111111111110")).isEqualTo("[card]"); // 19 digits, Luhn-valid
        assertThat(redactor.redact("ref 4111111111111112")).isEqualTo("ref 4111111111111112"); // fails Luhn
        assertThat(redactor.redact("ref 411111111111")).isEqualTo("ref 411111111111"); // 12 digits
        assertThat(Redactor.luhn("79927398713")).isFalse(); // valid Luhn, but too short for a card
        assertThat(Redactor.luhn("4111111111111111")).isTrue();
    }

    @Test
    void ibansOnlyWithRightCheckDigitsAndAccountNumbers() {
        assertThat(redactor.redact("pay to DE89 3704 0044 0532 0130 00 please")).isEqualTo("pay to [iban] please");
        assertThat(redactor.redact("GB82WEST12345698765432")).isEqualTo("[iban]");
        assertThat(redactor.redact("DE00 3704 0044 0532 0130 00")).doesNotContain("[iban]"); // wrong check digits
        assertThat(redactor.redact("account no. 12345678 was charged")).isEqualTo("account no. [account] was charged");
        assertThat(redactor.redact("Acct #: 0012-3456-78")).isEqualTo("Acct #: [account]");
        assertThat(redactor.redact("my account was closed")).isEqualTo("my account was closed");
    }

    @Test
    void settings() {
        String text = "mail ana@example.com, call +49 30 1234567";
        assertThat(new Redactor(false, ALL, List.of()).redact(text)).isEqualTo(text);
        assertThat(new Redactor(true, List.of("email"), List.of()).redact(text))
                .isEqualTo("mail [email], call +49 30 1234567");
        assertThat(new Redactor(true, List.of(), List.of("CUST-\\d+")).redact("about CUST-991 and ana@example.com"))
                .isEqualTo("about [redacted] and ana@example.com");
        assertThatThrownBy(() -> new Redactor(true, List.of("postcode"), List.of()))
                .hasMessageContaining("postcode");
        assertThat(redactor.redact((String) null)).isNull();
    }
}
