package dev.unison.contracts;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/** The AsyncAPI document of the topics is valid AsyncAPI 3.0 and cannot drift from the topics and schemas. */
class AsyncApiDocumentTest {
    private static final String SCHEMA_FORMAT = "application/schema+json;version=draft-2020-12";
    private static JsonNode doc;

    @BeforeAll
    static void read() throws IOException {
        try (InputStream in = AsyncApiDocumentTest.class.getResourceAsStream("/asyncapi.yaml")) {
            assertThat(in).as("asyncapi.yaml on the classpath").isNotNull();
            doc = new ObjectMapper(new YAMLFactory()).readTree(in);
        }
    }

    @Test
    void isValidAgainstTheAsyncApi3Schema() throws IOException {
        JsonSchema spec;
        try (InputStream in = AsyncApiDocumentTest.class.getResourceAsStream("/asyncapi-spec/3.0.0.json")) {
            spec = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V7).getSchema(new ObjectMapper().readTree(in));
        }
        Set<ValidationMessage> errors = spec.validate(doc);
        assertThat(errors).as("AsyncAPI 3.0.0 violations").isEmpty();
    }

    @Test
    void everyTopicOfTheContractsIsAChannel() throws IllegalAccessException {
        Set<String> addresses = new TreeSet<>();
        doc.get("channels").forEach(channel -> addresses.add(channel.get("address").asText()));
        List<String> topics = new ArrayList<>();
        for (Field field : Topics.class.getFields()) {
            if (Modifier.isStatic(field.getModifiers()) && field.getType() == String.class) {
                topics.add((String) field.get(null));
            }
        }
        assertThat(topics).isNotEmpty();
        assertThat(addresses).containsAll(topics).contains(Topics.alertsFor("{department}"));
    }

    @Test
    void everyEventKindAndTheAlertIsAMessageWhosePayloadIsItsSchema() {
        Set<String> referenced = new TreeSet<>();
        doc.get("components").get("messages").forEach(message -> {
            JsonNode payload = message.get("payload");
            if (payload.has("schemaFormat")) {
                assertThat(payload.get("schemaFormat").asText()).isEqualTo(SCHEMA_FORMAT);
                String ref = payload.get("schema").get("$ref").asText();
                assertThat(ref).startsWith("schemas/").endsWith(".json");
                String name = ref.substring("schemas/".length(), ref.length() - ".json".length());
                assertThat(EventValidator.schemaText(name)).as("schema %s exists", ref).isNotNull();
                referenced.add(name);
                if (!name.equals("alert")) {
                    assertThat(message.get("name").asText()).as("message name of %s", ref).isEqualTo(name);
                }
            }
        });
        List<String> expected = new ArrayList<>(EventTypes.TOUCHES);
        expected.addAll(EventTypes.FEEDBACK);
        expected.add("alert");
        assertThat(referenced).containsExactlyInAnyOrderElementsOf(expected);
    }

    @Test
    void touchAndFeedbackChannelsCarryExactlyTheirKinds() {
        assertThat(messageNames("touches")).containsExactlyInAnyOrderElementsOf(EventTypes.TOUCHES);
        assertThat(messageNames("feedback")).containsExactlyInAnyOrderElementsOf(EventTypes.FEEDBACK);
    }

    @Test
    void everyChannelHasAWriterAndAReader() {
        doc.get("channels").fieldNames().forEachRemaining(channel -> {
            Set<String> actions = new TreeSet<>();
            doc.get("operations").forEach(op -> {
                if (op.get("channel").get("$ref").asText().equals("#/channels/" + channel)) {
                    actions.add(op.get("action").asText());
                }
            });
            if (!channel.endsWith("DeadLetters")) {
                assertThat(actions).as("operations on %s", channel).containsExactlyInAnyOrder("send", "receive");
            } else {
                assertThat(actions).as("operations on %s", channel).contains("send");
            }
        });
    }

    private static List<String> messageNames(String channel) {
        List<String> names = new ArrayList<>();
        doc.get("channels").get(channel).get("messages").forEach(ref -> {
            String path = ref.get("$ref").asText();
            String key = path.substring(path.lastIndexOf('/') + 1);
            names.add(doc.get("components").get("messages").get(key).get("name").asText());
        });
        return names;
    }
}
