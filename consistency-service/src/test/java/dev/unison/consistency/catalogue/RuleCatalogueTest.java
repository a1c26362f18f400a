package dev.unison.consistency.catalogue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.unison.consistency.detector.DetectorMetrics;
import dev.unison.consistency.detector.DetectorSupport;
import dev.unison.consistency.messaging.StreamTopics;
import dev.unison.consistency.messaging.TopologyProducer;
import dev.unison.consistency.rule.Rule;
import dev.unison.contracts.EventJson;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.streams.TopologyDescription;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** The catalogue has one entry per rule, as the alert contract names them, and the topology is built from it. */
class RuleCatalogueTest {

    @Test
    void oneEntryPerRuleInTheOrderOfTheRulesAndOfTheAlertContract() throws IOException {
        assertThat(RuleCatalogue.ENTRIES).extracting(RuleEntry::rule).containsExactly(Rule.values());
        List<String> contract = new ArrayList<>();
        try (InputStream schema = getClass().getResourceAsStream("/schemas/alert.json")) {
            JsonNode rules = EventJson.MAPPER.readTree(schema).path("properties").path("rule").path("enum");
            rules.forEach(r -> contract.add(r.asText()));
        }
        assertThat(RuleCatalogue.ENTRIES).extracting(RuleEntry::id).containsExactlyElementsOf(contract);
    }

    @Test
    void everyEntryIsDescribedAndItsBuiltInSettingsAreValidForIt() {
        for (RuleEntry e : RuleCatalogue.ENTRIES) {
            assertThat(e.description()).as(e.id()).isNotBlank();
            assertThat(e.departments()).as(e.id()).isNotBlank();
            assertThat(e.defaults().isEnabled()).as(e.id()).isTrue();
            assertThat(e.defaults().severity()).as(e.id()).isNotNull();
            assertThat(e.defaults().problemsFor(e.rule(), e.parameters())).as(e.id()).isEmpty();
        }
        assertThat(RuleCatalogue.entry(Rule.TICKET_MAZE).parameters()).containsExactlyInAnyOrder("threshold", "maxWait");
        assertThat(RuleCatalogue.entry(Rule.ANSWERS_NOT_COMPARABLE).parameters()).isEmpty();
        assertThat(RuleCatalogue.entry(Rule.UNACKNOWLEDGED_BUG).defaults().ownersOrNone()).containsExactly("product");
    }

    @Test
    void theTopologyHasEveryDetectorOfTheCatalogueAndEveryStoreItsStateIsReadFrom() {
        DetectorSupport support = new DetectorSupport(new DetectorMetrics(new SimpleMeterRegistry()),
                RuleCatalogue.builtInDefaults(), Duration.ofMinutes(1));
        TopologyDescription topology = TopologyProducer.build(StreamTopics.DEFAULT, support, Duration.ofMinutes(5),
                Duration.ofDays(7)).describe();
        Set<String> processors = new HashSet<>();
        Set<String> stores = new HashSet<>();
        topology.subtopologies().forEach(s -> s.nodes().forEach(n -> {
            processors.add(n.name());
            if (n instanceof TopologyDescription.Processor p) {
                stores.addAll(p.stores());
            }
        }));
        int detectors = RuleCatalogue.ENTRIES.stream().mapToInt(e -> e.detectors().size()).sum();
        assertThat(detectors).isEqualTo(8);
        for (RuleEntry e : RuleCatalogue.ENTRIES) {
            if (e.state() != null) {
                assertThat(stores).as(e.id()).contains(e.state().store());
                assertThat(processors).as(e.id() + "'s detector is named after its store").contains(e.state().store());
            }
        }
        assertThat(Arrays.stream(Rule.values()).filter(r -> RuleCatalogue.entry(r).state() == null))
                .containsExactly(Rule.ANSWERS_NOT_COMPARABLE);
    }
}
