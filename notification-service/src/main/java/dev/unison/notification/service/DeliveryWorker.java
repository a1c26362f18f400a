package dev.unison.notification.service;

import dev.unison.notification.config.NotificationConfig;
import dev.unison.notification.entity.AlertGroup;
import dev.unison.notification.entity.Delivery;
import dev.unison.notification.entity.StoredTime;
import dev.unison.notification.entity.Subscription;
import dev.unison.notification.messaging.DeliverySender;
import dev.unison.notification.messaging.SendResult;
import dev.unison.notification.repository.AlertRepository;
import dev.unison.notification.repository.AlertView;
import dev.unison.notification.repository.DeliveryRepository;
import dev.unison.notification.repository.GroupRepository;
import dev.unison.notification.repository.GroupView;
import dev.unison.notification.repository.SubscriptionRepository;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.transaction.Transactional;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Works through the delivery outbox: queues the group notifications that are due (GroupNotifier), claims due
 * deliveries (FOR UPDATE SKIP LOCKED, so instances share the work), sends each, and records the attempt in the
 * delivery log. A failed attempt is retried after an exponential backoff; after the last attempt the delivery is
 * failed. A succeeded delivery is final and is never claimed again.
 */
@ApplicationScoped
public class DeliveryWorker {
    private final NotificationConfig config;
    private final GroupNotifier notifier;
    private final DeliveryRepository deliveries;
    private final AlertRepository alerts;
    private final GroupRepository groups;
    private final SubscriptionRepository subscriptions;
    private final DeliverySender sender;
    private final NotificationMetrics metrics;
    private final Object signal = new Object();
    private volatile boolean running = true;
    private boolean woken;
    private ExecutorService executor;
    private Thread loop;

    public DeliveryWorker(NotificationConfig config, GroupNotifier notifier, DeliveryRepository deliveries,
                          AlertRepository alerts, GroupRepository groups, SubscriptionRepository subscriptions,
                          DeliverySender sender, NotificationMetrics metrics) {
        this.config = config;
        this.notifier = notifier;
        this.deliveries = deliveries;
        this.alerts = alerts;
        this.groups = groups;
        this.subscriptions = subscriptions;
        this.sender = sender;
        this.metrics = metrics;
    }

    void start(@Observes StartupEvent event) {
        AtomicInteger n = new AtomicInteger();
        executor = Executors.newFixedThreadPool(config.delivery().concurrency(), r -> {
            Thread t = new Thread(r, "delivery-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        loop = new Thread(this::run, "delivery-worker");
        loop.setDaemon(true);
        loop.start();
        Log.infof("Delivery worker polling every %s, %d attempts at most", config.delivery().pollInterval(),
                config.delivery().maxAttempts());
    }

    void stop(@Observes ShutdownEvent event) {
        running = false;
        wakeUp();
        if (loop != null) {
            try {
                loop.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (executor != null) {
            executor.shutdownNow();
        }
    }

    /** Makes the worker look for due deliveries now (called after new deliveries were committed). */
    public void wakeUp() {
        synchronized (signal) {
            woken = true;
            signal.notifyAll();
        }
    }

    private void run() {
        long pause = config.delivery().pollInterval().toMillis();
        while (running) {
            try {
                if (runOnce() == config.delivery().batchSize()) {
                    continue; // a full batch: more may be due
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (Exception e) {
                Log.warnf("Delivery run failed: %s", e.toString());
            }
            synchronized (signal) {
                try {
                    if (!woken) {
                        signal.wait(pause);
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
                woken = false;
            }
        }
    }

    /** Queues the notifications due now, then claims and sends one batch of due deliveries; returns how many. */
    public int runOnce() throws InterruptedException {
        notifier.queueDue();
        List<Delivery> claimed = claim();
        List<Future<?>> running = new ArrayList<>(claimed.size());
        for (Delivery d : claimed) {
            running.add(executor.submit(() -> deliver(d)));
        }
        for (Future<?> f : running) {
            try {
                f.get();
            } catch (java.util.concurrent.ExecutionException e) {
                Log.warnf("Delivery failed unexpectedly: %s", e.getCause().toString());
            }
        }
        return claimed.size();
    }

    @Transactional
    List<Delivery> claim() {
        return deliveries.claim(config.delivery().batchSize(), config.delivery().lease());
    }

    /** What one delivery sends: its group, the alerts it names, and where it goes (null when deleted). */
    public record Content(GroupView group, List<AlertView> alerts, Subscription subscription) {
    }

    @Transactional
    Content content(Delivery d) {
        AlertGroup group = groups.findById(d.groupId);
        Subscription sub = d.subscriptionId == null ? null : subscriptions.findById(d.subscriptionId);
        return new Content(groups.view(group), alerts.ofDelivery(d.id).stream().map(AlertView::of).toList(), sub);
    }

    private void deliver(Delivery d) {
        OffsetDateTime started = StoredTime.now();
        SendResult result;
        try {
            Content content = content(d);
            result = content.subscription() == null ? SendResult.failed(null, "subscription deleted")
                    : sender.send(d, content);
        } catch (Exception e) {
            result = SendResult.failed(null, e.toString());
        }
        try {
            record(d, started, result);
        } catch (Exception e) {
            // the lease expires and the delivery is tried again; a receiver can spot the repeat by X-Unison-Delivery
            Log.errorf("Could not record attempt %d of delivery %s: %s", d.attempts, d.id, e.toString());
        }
    }

    @Transactional
    void record(Delivery d, OffsetDateTime started, SendResult result) {
        String status;
        Duration retryIn = null;
        if (result.succeeded()) {
            status = Delivery.SUCCEEDED;
        } else if (d.attempts >= config.delivery().maxAttempts()) {
            status = Delivery.FAILED;
        } else {
            status = Delivery.PENDING;
            retryIn = backoff(d.attempts);
        }
        deliveries.logAttempt(d.id, d.attempts, started, result.succeeded(), result.httpStatus(), result.error());
        deliveries.complete(d.id, status, retryIn, result.error());
        metrics.attempt(d.type, result.succeeded());
        if (!Delivery.PENDING.equals(status)) {
            metrics.finished(d.type, status);
        }
        if (Delivery.FAILED.equals(status)) {
            Log.warnf("Delivery %s (%s of group %s) to %s %s failed after %d attempts: %s", d.id, d.reason, d.groupId,
                    d.type, d.target, d.attempts, result.error());
        } else if (Delivery.PENDING.equals(status)) {
            Log.infof("Attempt %d of delivery %s to %s failed, retrying in %d ms: %s", d.attempts, d.id, d.target,
                    retryIn.toMillis(), result.error());
        } else {
            Log.debugf("Delivered %s of group %s to %s %s (attempt %d)", d.reason, d.groupId, d.type, d.target,
                    d.attempts);
        }
    }

    /** Pause after the given failed attempt: initial, 2x, 4x, ... capped at the maximum. */
    Duration backoff(int attempt) {
        Duration initial = config.delivery().initialBackoff();
        Duration max = config.delivery().maxBackoff();
        long factor = 1L << Math.min(attempt - 1, 30);
        Duration next = initial.multipliedBy(factor);
        return next.compareTo(max) > 0 ? max : next;
    }
}
