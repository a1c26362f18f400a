package dev.unison.contracts.kafka;

import dev.unison.contracts.Topics;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TopicCatalogueTest {

    @Test
    void everyTopicNamedInTheContractsIsInTheCatalogueOnce() throws IllegalAccessException {
        List<String> named = new java.util.ArrayList<>();
        for (Field f : Topics.class.getFields()) {
            if (Modifier.isStatic(f.getModifiers()) && f.getType() == String.class) {
                named.add((String) f.get(null));
            }
        }
        assertThat(TopicCatalogue.ALL).extracting(TopicCatalogue.Topic::name)
                .doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(named);
    }

    @Test
    void customerTopicsTakeThePartitionsGivenAndSettingsTopicsOneCompacted() {
        List<TopicAdmin.Spec> specs = TopicCatalogue.all(6);
        assertThat(specs).filteredOn(s -> s.name().equals(Topics.TOUCHES)).singleElement()
                .satisfies(s -> assertThat(s.partitions()).isEqualTo(6))
                .satisfies(s -> assertThat(s.config()).isEmpty());
        // erasure requests meet the customer's touches in the same task, and the latest per customer is kept
        assertThat(TopicCatalogue.specs(6, Topics.ERASURES)).singleElement()
                .isEqualTo(TopicAdmin.Spec.compacted(Topics.ERASURES, 6));
        for (String settings : List.of(Topics.RULES, Topics.FACTS)) {
            assertThat(TopicCatalogue.specs(6, settings)).singleElement()
                    .isEqualTo(TopicAdmin.Spec.compacted(settings, 1));
        }
        // every event topic has its dead-letter topic in the catalogue
        for (String topic : Arrays.asList(Topics.TOUCHES, Topics.FEEDBACK, Topics.ALERTS, Topics.ERASURES)) {
            assertThat(TopicCatalogue.topic(Topics.deadLettersOf(topic)).byCustomer()).isTrue();
        }
        assertThat(TopicCatalogue.topic(Topics.RULES).spec("test-1." + Topics.RULES, 6))
                .isEqualTo(TopicAdmin.Spec.compacted("test-1." + Topics.RULES, 1));
    }

    @Test
    void aTopicOutsideTheCatalogueIsRefused() {
        assertThatThrownBy(() -> TopicCatalogue.specs(3, "cx.unknown.v1")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("cx.unknown.v1");
    }
}
