package dev.unison.notification.service;

import dev.unison.notification.privacy.Redactor;
import dev.unison.notification.repository.AlertView;
import dev.unison.notification.security.Scope;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.operators.multi.processors.BroadcastProcessor;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;

/**
 * The live feed: every stored or changed alert goes, its free text redacted, to every open stream whose department
 * it names and whose caller may see it (a department member: alerts naming one of its departments).
 */
@ApplicationScoped
public class AlertFeed {
    private static final Duration KEEP_ALIVE = Duration.ofSeconds(20);

    private final BroadcastProcessor<FeedEvent> processor = BroadcastProcessor.create();
    private final Redactor redactor;

    public AlertFeed(Redactor redactor) {
        this.redactor = redactor;
    }

    public synchronized void publish(String change, AlertView alert) {
        processor.onNext(new FeedEvent(change, redactor.redact(alert)));
    }

    /**
     * A stream that starts with a "connected" message (so a client knows it is subscribed), then carries the
     * changes of alerts of the department (all when null), with a keep-alive message every 20 s.
     */
    public Multi<FeedEvent> stream(String department, Scope scope) {
        Multi<FeedEvent> changes = processor
                .filter(e -> department == null || e.alert().departments().contains(department))
                .filter(e -> scope.sees(e.alert().departments()))
                .onOverflow().buffer(1024);
        Multi<FeedEvent> keepAlive = Multi.createFrom().ticks().every(KEEP_ALIVE)
                .map(tick -> new FeedEvent("keep-alive", null));
        return Multi.createBy().concatenating().streams(
                Multi.createFrom().item(new FeedEvent(FeedEvent.CONNECTED, null)),
                Multi.createBy().merging().streams(changes, keepAlive));
    }
}
