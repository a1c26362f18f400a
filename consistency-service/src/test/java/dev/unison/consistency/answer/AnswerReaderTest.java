package dev.unison.consistency.answer;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.unison.contracts.EventJson;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The reading of one answer, class by class: what it says, in which unit, with which bounds. */
class AnswerReaderTest {
    private final AnswerReader reader = AnswerReader.standard();

    private Reading read(String text) {
        return reader.read(text);
    }

    private static Agreement compare(Reading a, Reading b) {
        return Agreement.of(a, b);
    }

    @Test
    void quantitiesKeepTheUnitSaidAndConvertInsideTheirDimension() {
        Reading r = read("30 days");
        assertThat(r.type()).isEqualTo(Reading.QUANTITY);
        assertThat(r.unit()).isEqualTo("day");
        assertThat(r.low()).isEqualTo("30");
        assertThat(r.high()).isEqualTo("30");
        assertThat(read("thirty days").key()).isEqualTo(r.key());
        assertThat(read("30-day").key()).isEqualTo(r.key());
        assertThat(compare(read("1 year"), read("12 months"))).isEqualTo(Agreement.SAME);
        assertThat(compare(read("24 hours"), read("1 day"))).isEqualTo(Agreement.SAME);
        assertThat(compare(read("60 minutes"), read("an hour"))).isEqualTo(Agreement.SAME);
        assertThat(compare(read("5 GB"), read("5000 MB"))).isEqualTo(Agreement.SAME);
        assertThat(compare(read("1 year"), read("18 months"))).isEqualTo(Agreement.DIFFERENT);
    }

    @Test
    void businessDaysNeverConvertToCalendarDays() {
        assertThat(read("5 business days").unit()).isEqualTo("business-day");
        assertThat(compare(read("5 working days"), read("5 business days"))).isEqualTo(Agreement.SAME);
        assertThat(compare(read("5 business days"), read("1 week"))).isEqualTo(Agreement.DIFFERENT);
        assertThat(compare(read("10 business days"), read("14 days"))).isEqualTo(Agreement.DIFFERENT);
    }

    @Test
    void comparatorsBoundTheValue() {
        Reading within = read("within 30 days");
        assertThat(within.low()).isNull();
        assertThat(within.high()).isEqualTo("30");
        assertThat(within.highIncluded()).isTrue();
        assertThat(within.means()).isEqualTo("at most 30 days");
        Reading more = read("more than 30 days");
        assertThat(more.low()).isEqualTo("30");
        assertThat(more.lowIncluded()).isFalse();
        assertThat(more.high()).isNull();
        assertThat(read("30 days or more").key()).isEqualTo(read("at least 30 days").key());
        assertThat(read("30+ days").key()).isEqualTo(read("at least 30 days").key());

        assertThat(compare(more, read("30 days"))).isEqualTo(Agreement.DIFFERENT);
        assertThat(compare(read("at least 30 days"), read("at most 30 days"))).isEqualTo(Agreement.DIFFERENT);
        assertThat(compare(within, read("after 30 days"))).isEqualTo(Agreement.DIFFERENT);
        assertThat(compare(within, read("30 days"))).isEqualTo(Agreement.SAME);
        assertThat(compare(within, read("14 days"))).isEqualTo(Agreement.DIFFERENT);
    }

    @Test
    void rangesAreReadWhicheverWayTheyAreWritten() {
        Reading r = read("2-3 days");
        assertThat(r.low()).isEqualTo("2");
        assertThat(r.high()).isEqualTo("3");
        assertThat(read("between 2 and 3 days").key()).isEqualTo(r.key());
        assertThat(read("2 to 3 days").key()).isEqualTo(r.key());
        assertThat(read("2 or 3 days").key()).isEqualTo(r.key());
        assertThat(compare(r, read("3 days"))).isEqualTo(Agreement.DIFFERENT);
        assertThat(compare(read("6-12 months"), read("6 months to 1 year"))).isEqualTo(Agreement.SAME);
        assertThat(read("30 days or 60 days").isRead()).isFalse();
    }

    @Test
    void moneyIsAmountCurrencyAndPeriodInTheLocalesFormats() {
        Reading r = read("50,00 €");
        assertThat(r.type()).isEqualTo(Reading.MONEY);
        assertThat(r.unit()).isEqualTo("EUR");
        assertThat(r.low()).isEqualTo("50");
        assertThat(read("€1,200.00").low()).isEqualTo("1200");
        assertThat(read("1.200,00 €").low()).isEqualTo("1200");
        assertThat(read("1.200 €").low()).isEqualTo("1200");
        assertThat(read("$1.50").low()).isEqualTo("1.5");
        assertThat(read("€10 a month").unit()).isEqualTo("EUR/month");
        assertThat(compare(read("€10 a month"), read("€120 a year"))).isEqualTo(Agreement.SAME);
        assertThat(compare(read("€10 a month"), read("€10"))).isEqualTo(Agreement.DIFFERENT);
        assertThat(compare(read("€50"), read("$50"))).isEqualTo(Agreement.DIFFERENT);
    }

    @Test
    void freeNoChargeIncludedAndZeroAreOneValue() {
        for (String free : new String[] {"free", "no charge", "included", "0 EUR", "€0", "at no extra cost",
                "kostenlos", "gratuit", "sin coste", "There is no setup fee"}) {
            assertThat(compare(read(free), read("free of charge"))).as(free).isEqualTo(Agreement.SAME);
            assertThat(compare(read(free), read("€5"))).as(free).isEqualTo(Agreement.DIFFERENT);
        }
        assertThat(read("free").unit()).isEqualTo(Reading.NO_COST);
    }

    @Test
    void aYesCarriesItsCondition() {
        Reading extra = read("yes, for an extra €10 a month");
        assertThat(extra.type()).isEqualTo(Reading.BOOLEAN);
        assertThat(extra.polarity()).isEqualTo("yes");
        assertThat(extra.unit()).isEqualTo("EUR/month");
        assertThat(extra.low()).isEqualTo("10");
        Reading included = read("yes, it's included");
        assertThat(included.polarity()).isEqualTo("yes");
        assertThat(included.hasValue()).isFalse();
        assertThat(compare(extra, included)).isEqualTo(Agreement.DIFFERENT);
        assertThat(compare(included, read("Yes"))).isEqualTo(Agreement.SAME);
        assertThat(compare(read("yes, for a fee"), read("yes"))).isEqualTo(Agreement.DIFFERENT);
        assertThat(compare(read("Yes, on the premium plan"), read("yes"))).isEqualTo(Agreement.NOT_COMPARABLE);
        assertThat(read("Yes, on the premium plan").condition()).isEqualTo("premium plan");
        assertThat(compare(read("No"), read("Not available"))).isEqualTo(Agreement.SAME);
        assertThat(compare(read("Yes"), read("That's not possible"))).isEqualTo(Agreement.DIFFERENT);
    }

    @Test
    void datesAreReadWrittenOrNumericDayOrMonthFirst() {
        assertThat(read("March 3, 2027").low()).isEqualTo("2027-03-03");
        assertThat(read("3/3/2027").low()).isEqualTo("2027-03-03");
        assertThat(read("15/03/2027").low()).isEqualTo("2027-03-15");
        assertThat(read("3.4.2027").low()).isEqualTo("2027-04-03");
        assertThat(read("3/4/2027").low()).isEqualTo("2027-03-04"); // English: month first
        assertThat(read("3rd of March 2027").low()).isEqualTo("2027-03-03");
        assertThat(read("3. März 2027").low()).isEqualTo("2027-03-03");
        assertThat(read("March 3").low()).isEqualTo("--03-03");
        Reading by = read("no later than March 3, 2027");
        assertThat(by.low()).isNull();
        assertThat(by.high()).isEqualTo("2027-03-03");
        assertThat(read("before March 3, 2027").high()).isEqualTo("2027-03-02");
        assertThat(compare(by, read("no later than April 3, 2027"))).isEqualTo(Agreement.DIFFERENT);
        assertThat(read("31/02/2027").isRead()).isFalse();
    }

    @Test
    void theDayOrMonthFirstDefaultIsASettingPerLocaleAndSource() {
        AnswerReader uk = new AnswerReader("en", Map.of("/crm/uk", "en-GB"));
        assertThat(uk.read("3/4/2027", null, "/crm/uk/sales").low()).isEqualTo("2027-04-03");
        assertThat(uk.read("3/4/2027", null, "/crm/us").low()).isEqualTo("2027-03-04");
        assertThat(new AnswerReader("en-GB", Map.of()).read("3/4/2027").low()).isEqualTo("2027-04-03");
        assertThatThrownBy(() -> new AnswerReader("xx", Map.of())).hasMessageContaining("xx")
                .hasMessageContaining("en-GB");
    }

    @Test
    void percentagesAndCountsWithNouns() {
        assertThat(compare(read("10%"), read("ten percent"))).isEqualTo(Agreement.SAME);
        assertThat(read("10%").unit()).isEqualTo("percent");
        assertThat(compare(read("10%"), read("€10"))).isEqualTo(Agreement.DIFFERENT);
        assertThat(read("5 users").unit()).isEqualTo("seat");
        assertThat(compare(read("5 users"), read("five seats"))).isEqualTo(Agreement.SAME);
        assertThat(compare(read("5 users"), read("5 devices"))).isEqualTo(Agreement.DIFFERENT);
    }

    @Test
    void numberWordsAreSummed() {
        assertThat(read("twenty-one days").low()).isEqualTo("21");
        assertThat(read("one hundred and five").low()).isEqualTo("105");
        assertThat(read("between two and three days").high()).isEqualTo("3");
        assertThat(read("treinta y un días").low()).isEqualTo("31");
        assertThat(read("dreißig Tage").low()).isEqualTo("30");
    }

    @Test
    void theValueIsFoundInsideALongerSentence() {
        Reading r = read("You can return it within 30 days of delivery");
        assertThat(r.said()).isEqualTo("you can return it within 30 days of delivery");
        assertThat(r.high()).isEqualTo("30");
        assertThat(r.anchor()).isEqualTo("after:delivery");
        assertThat(compare(r, read("thirty days"))).isEqualTo(Agreement.SAME);
        assertThat(read("The subscription costs €29 per month").said()).isEqualTo("costs €29 per month");
        assertThat(compare(read("within 30 days of delivery"), read("within 30 days of purchase")))
                .isEqualTo(Agreement.DIFFERENT);
        assertThat(compare(read("30 days after purchase"), read("30 days before renewal")))
                .isEqualTo(Agreement.DIFFERENT);
    }

    @Test
    void whatCannotBeReadIsSaidAndComparedWithNothingButItself() {
        Reading r = read("30 days for hardware and 14 days for software");
        assertThat(r.isRead()).isFalse();
        assertThat(r.means()).startsWith("several values");
        assertThat(read("You cannot return it after 30 days").isRead()).isFalse();
        assertThat(read("30 settimane").isRead()).isFalse();
        assertThat(compare(read("Please contact support"), read("30 days"))).isEqualTo(Agreement.NOT_COMPARABLE);
        assertThat(compare(read("Please contact support"), read("please contact support!"))).isEqualTo(Agreement.SAME);
        assertThat(compare(read("March 3, 2027"), read("30 days"))).isEqualTo(Agreement.NOT_COMPARABLE);
    }

    @Test
    void aStructuredValueWinsOverTheText() {
        ObjectNode quantity = EventJson.MAPPER.createObjectNode().put("type", "quantity").put("amount", 30)
                .put("unit", "day").put("comparator", "at-most").put("after", "delivery");
        Reading r = reader.read("about a month, give or take", quantity, null);
        assertThat(r.key()).isEqualTo(read("within 30 days of delivery").key());

        ObjectNode money = EventJson.MAPPER.createObjectNode().put("type", "money").put("amount", 10)
                .put("currency", "EUR").put("per", "month");
        ObjectNode yes = EventJson.MAPPER.createObjectNode().put("type", "boolean").put("value", true);
        yes.set("condition", money);
        assertThat(compare(reader.read("sure", yes, null), read("yes, for an extra €10 a month")))
                .isEqualTo(Agreement.SAME);

        ObjectNode interval = EventJson.MAPPER.createObjectNode().put("type", "interval").put("min", 2)
                .put("max", 3).put("unit", "business-day");
        assertThat(compare(reader.read("soon", interval, null), read("2-3 business days"))).isEqualTo(Agreement.SAME);

        ObjectNode date = EventJson.MAPPER.createObjectNode().put("type", "date").put("date", "2027-03-03")
                .put("comparator", "at-most");
        assertThat(compare(reader.read("early March", date, null), read("no later than 3.3.2027")))
                .isEqualTo(Agreement.SAME);

        assertThat(reader.read("yes", JsonNodeFactory.instance.booleanNode(false), null).polarity()).isEqualTo("no");
        assertThat(reader.read("about a month", JsonNodeFactory.instance.textNode("30 days"), null).key())
                .isEqualTo(read("30 days").key());
        ObjectNode unknown = EventJson.MAPPER.createObjectNode().put("type", "quantity").put("amount", 3)
                .put("unit", "fortnights");
        assertThat(reader.read("x", unknown, null).means()).contains("unknown unit 'fortnights'");
    }
}
