package dev.unison.notification.service;

import dev.unison.notification.repository.AlertView;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.operators.multi.processors.BroadcastProcessor;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;

/** The live feed: every stored or changed alert goes to every open stream whose department it names. */
@ApplicationScoped
public class AlertFeed {
    private static final Duration KEEP_ALIVE = Duration.ofSeconds(20);

    private final BroadcastProcessor<FeedEvent> processor = BroadcastProcessor.create();

    public synchronized void publish(String change, AlertView alert) {
        processor.onNext(new FeedEvent(change, alert));
    }

    /**
     * A stream that starts with a "connected" message (so a client knows it is subscribed), then carries the
     * changes of alerts of the department (all when null), with a keep-alive message every 20 s.
     */
    public Multi<FeedEvent> stream(String department) {
        Multi<FeedEvent> changes = processor
                .filter(e -> department == null || e.alert().departments().contains(department))
                .onOverflow().buffer(1024);
        Multi<FeedEvent> keepAlive = Multi.createFrom().ticks().every(KEEP_ALIVE)
                .map(tick -> new FeedEvent("keep-alive", null));
        return Multi.createBy().concatenating().streams(
                Multi.createFrom().item(new FeedEvent(FeedEvent.CONNECTED, null)),
                Multi.createBy().merging().streams(changes, keepAlive));
    }
}
