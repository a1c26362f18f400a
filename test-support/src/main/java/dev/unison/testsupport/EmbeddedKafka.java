package dev.unison.testsupport;

import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.apache.kafka.common.utils.Exit;

/**
 * A real Apache Kafka broker (KRaft, one combined broker and controller) running inside the test JVM, started once
 * per JVM and shared by every test. Set {@code UNISON_TEST_KAFKA} to a bootstrap address to use a running broker.
 */
public final class EmbeddedKafka {
    private static String bootstrapServers;

    private EmbeddedKafka() {
    }

    public static synchronized String bootstrapServers() {
        if (bootstrapServers == null) {
            String external = System.getenv("UNISON_TEST_KAFKA");
            bootstrapServers = external != null && !external.isBlank() ? external : start();
        }
        return bootstrapServers;
    }

    private static String start() {
        try {
            KafkaClusterTestKit cluster = new KafkaClusterTestKit.Builder(new TestKitNodes.Builder()
                    .setCombined(true)
                    .setNumBrokerNodes(1)
                    .setNumControllerNodes(1)
                    .build())
                    .setConfigProp("offsets.topic.replication.factor", "1")
                    .setConfigProp("offsets.topic.num.partitions", "5")
                    .setConfigProp("transaction.state.log.replication.factor", "1")
                    .setConfigProp("transaction.state.log.min.isr", "1")
                    .setConfigProp("transaction.state.log.num.partitions", "5")
                    .setConfigProp("group.initial.rebalance.delay.ms", "0")
                    .setConfigProp("auto.create.topics.enable", "true")
                    .setConfigProp("num.partitions", "3")
                    .build();
            cluster.format();
            cluster.startup();
            cluster.waitForReadyBrokers();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                // while the JVM exits, the broker may find its log directory gone and halt the JVM with status 1,
                // which fails the test run after every test passed; the JVM is ending anyway
                Exit.setHaltProcedure((status, message) -> { });
                Exit.setExitProcedure((status, message) -> { });
                try {
                    cluster.close();
                } catch (Exception e) {
                    // the JVM is going away
                }
            }, "embedded-kafka-stop"));
            return cluster.bootstrapServers();
        } catch (Exception e) {
            throw new IllegalStateException("cannot start the embedded Kafka broker", e);
        }
    }
}
