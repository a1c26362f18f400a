package dev.unison.feedback.service;

import com.fasterxml.jackson.databind.JsonNode;
import dev.unison.contracts.EventJson;
import dev.unison.contracts.EventTypes;
import dev.unison.contracts.Feedback;
import dev.unison.contracts.FeedbackData;
import dev.unison.feedback.repository.AlertRepository;
import dev.unison.feedback.repository.AlertRow;
import dev.unison.feedback.repository.BatchInserts;
import dev.unison.feedback.repository.FeedbackRepository;
import dev.unison.feedback.repository.FeedbackRow;
import dev.unison.runtime.ingest.EventCounters;
import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import java.util.List;

/** Stores batches of validated feedback and of alerts, one database transaction per batch; erases customers. */
@ApplicationScoped
public class FeedbackStore {
    private final BatchInserts batches;
    private final FeedbackRepository feedback;
    private final AlertRepository alerts;
    private final EventCounters metrics;
    private final AlertMetrics alertMetrics;

    public FeedbackStore(BatchInserts batches, FeedbackRepository feedback, AlertRepository alerts,
                         EventCounters metrics, AlertMetrics alertMetrics) {
        this.batches = batches;
        this.feedback = feedback;
        this.alerts = alerts;
        this.metrics = metrics;
        this.alertMetrics = alertMetrics;
    }

    /** Stores the events; a repeat of a stored (source, id) is counted as duplicate and left as it is. */
    @Transactional
    public int storeFeedback(List<FeedbackRow> rows) {
        if (rows.isEmpty()) {
            return 0;
        }
        int added = batches.insertFeedback(rows);
        metrics.stored(added);
        metrics.duplicates(rows.size() - added);
        Log.infof("Stored %d feedback events (%d repeats ignored)", added, rows.size() - added);
        return added;
    }

    /** Stores the alerts; a repeat of a stored alertId is counted as duplicate. */
    @Transactional
    public int storeAlerts(List<AlertRow> rows) {
        if (rows.isEmpty()) {
            return 0;
        }
        int added = batches.insertAlerts(rows);
        alertMetrics.alertsStored(added);
        alertMetrics.alertsDuplicates(rows.size() - added);
        Log.infof("Stored %d alerts (%d repeats ignored)", added, rows.size() - added);
        return added;
    }

    /** Deletes the customer's feedback and the alerts kept about them, both or neither; returns the rows deleted. */
    @Transactional
    public long erase(String customerId) {
        return feedback.deleteCustomer(customerId) + alerts.deleteCustomer(customerId);
    }

    /** The stored form of one valid structured feedback event. */
    public static FeedbackRow row(JsonNode event) {
        Feedback f = EventJson.toFeedback(event);
        FeedbackData d = f.data();
        return new FeedbackRow(f.source(), f.id(), f.type(), EventTypes.kind(f.type()), d.customerId(),
                d.department(), d.channel(), d.agent() == null ? null : d.agent().id(), d.caseId(), d.metric(),
                d.score(), d.bugKey(), d.release(), d.fixes(), f.time(), event.get("data").toString());
    }
}
