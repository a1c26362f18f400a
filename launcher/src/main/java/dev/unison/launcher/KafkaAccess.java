package dev.unison.launcher;

import dev.unison.contracts.Topics;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;

import java.util.ArrayList;
import java.util.List;

import static org.apache.kafka.common.acl.AclOperation.ALL;
import static org.apache.kafka.common.acl.AclOperation.CREATE;
import static org.apache.kafka.common.acl.AclOperation.READ;
import static org.apache.kafka.common.acl.AclOperation.WRITE;

/**
 * Who may do what on the local broker: one Kafka user per service, the publisher (the departments' systems and the
 * simulator) and a read-only analyst, each with exactly its topics and consumer groups. The broker refuses anything
 * not granted here ({@code allow.everyone.if.no.acl.found=false}); {@link #ADMIN}, the launcher's own user, is the
 * super user. READ and WRITE imply DESCRIBE; CREATE lets a service create a topic it needs when it is missing.
 */
final class KafkaAccess {
    static final String ADMIN = "admin";
    static final String PUBLISHER = "publisher";
    static final String ANALYST = "analyst";
    /** The Kafka users besides {@link #ADMIN}: the four services (named after their modules), publisher, analyst. */
    static final List<String> USERS = List.of(Service.JOURNEY.module(), Service.FEEDBACK.module(),
            Service.CONSISTENCY.module(), Service.NOTIFICATION.module(), PUBLISHER, ANALYST);

    /** consistency-service's Kafka Streams application id: its internal topics and transactional ids start with it. */
    static final String STREAMS_APPLICATION_ID = "consistency-service";
    static final String CONSISTENCY_DLQ = Topics.CONSISTENCY_DLQ;
    static final String DEPARTMENT_ALERTS_PREFIX = "cx.alerts.";

    private KafkaAccess() {
    }

    /** Every ACL of every user. */
    static List<AclBinding> acls() {
        List<AclBinding> acls = new ArrayList<>();
        for (String user : USERS) {
            acls.addAll(of(user));
        }
        return acls;
    }

    /** The ACLs of one user. */
    static List<AclBinding> of(String user) {
        Grants g = new Grants(user);
        switch (user) {
            case "journey-service" -> {
                g.topic(Topics.TOUCHES, READ, WRITE, CREATE);          // consumes touches, publishes POST /touches
                g.topic(Topics.TOUCHES_DLQ, WRITE, CREATE);
                g.topic(Topics.ERASURES, READ, WRITE, CREATE);        // DELETE /customers/{id}, and its own erasing
                g.topic(Topics.ERASURES_DLQ, WRITE, CREATE);
                g.groups("journey-service");
            }
            case "feedback-service" -> {
                g.topic(Topics.FEEDBACK, READ, WRITE, CREATE);         // consumes feedback, publishes POST /feedback
                g.topic(Topics.FEEDBACK_DLQ, WRITE, CREATE);
                g.topic(Topics.ALERTS, READ, CREATE);                  // the impact of inconsistency
                g.topic(Topics.ALERTS_DLQ, WRITE, CREATE);             // alerts it cannot store
                g.topic(Topics.ERASURES, READ, CREATE);                // erases a customer's feedback
                g.topic(Topics.ERASURES_DLQ, WRITE, CREATE);
                g.groups("feedback-service");                          // feedback-service, feedback-service-alerts
            }
            case "consistency-service" -> {
                g.topic(Topics.TOUCHES, READ, CREATE);
                g.topic(Topics.FEEDBACK, READ, CREATE);
                g.topic(Topics.RULES, READ, WRITE, CREATE);            // PUT /rules, read back by the detectors
                g.topic(Topics.FACTS, READ, WRITE, CREATE);
                g.topic(Topics.ALERTS, WRITE, CREATE);                 // the only writer of alerts
                g.topic(CONSISTENCY_DLQ, WRITE, CREATE);
                g.topic(Topics.ERASURES, READ, CREATE);                // erases a customer's detector state
                // Kafka Streams, exactly-once: its changelog and repartition topics, group and transactional ids
                g.add(ResourceType.TOPIC, STREAMS_APPLICATION_ID + "-", PatternType.PREFIXED, ALL);
                g.add(ResourceType.GROUP, STREAMS_APPLICATION_ID, PatternType.PREFIXED, ALL);
                g.add(ResourceType.TRANSACTIONAL_ID, STREAMS_APPLICATION_ID + "-", PatternType.PREFIXED, ALL);
            }
            case "notification-service" -> {
                g.topic(Topics.ALERTS, READ, CREATE);
                // cx.alerts.dlq and one cx.alerts.<department> per Kafka subscription, created when subscribed …
                g.add(ResourceType.TOPIC, DEPARTMENT_ALERTS_PREFIX, PatternType.PREFIXED, WRITE, CREATE);
                // … but never cx.alerts.v1 itself, which the prefix would match: DENY wins over ALLOW
                g.deny(ResourceType.TOPIC, Topics.ALERTS, WRITE);
                g.topic(Topics.ERASURES, READ, CREATE);                // erases a customer's alerts
                g.topic(Topics.ERASURES_DLQ, WRITE, CREATE);
                g.topic(Topics.RULES, READ);                           // the audit log of rule and fact changes
                g.topic(Topics.FACTS, READ);
                g.groups("notification-service");
            }
            case PUBLISHER -> {
                g.topic(Topics.TOUCHES, WRITE);
                g.topic(Topics.FEEDBACK, WRITE);
            }
            case ANALYST -> {
                g.add(ResourceType.TOPIC, "cx.", PatternType.PREFIXED, READ);
                g.add(ResourceType.GROUP, ANALYST, PatternType.PREFIXED, READ); // e.g. kcat -G analyst-…
            }
            default -> throw new IllegalArgumentException("no Kafka user " + user);
        }
        return g.acls;
    }

    private static final class Grants {
        private final String principal;
        private final List<AclBinding> acls = new ArrayList<>();

        Grants(String user) {
            this.principal = "User:" + user;
        }

        void topic(String name, AclOperation... operations) {
            add(ResourceType.TOPIC, name, PatternType.LITERAL, operations);
        }

        void groups(String prefix) {
            add(ResourceType.GROUP, prefix, PatternType.PREFIXED, READ);
        }

        void add(ResourceType type, String name, PatternType pattern, AclOperation... operations) {
            for (AclOperation operation : operations) {
                acls.add(new AclBinding(new ResourcePattern(type, name, pattern),
                        new AccessControlEntry(principal, "*", operation, AclPermissionType.ALLOW)));
            }
        }

        void deny(ResourceType type, String name, AclOperation operation) {
            acls.add(new AclBinding(new ResourcePattern(type, name, PatternType.LITERAL),
                    new AccessControlEntry(principal, "*", operation, AclPermissionType.DENY)));
        }
    }
}
