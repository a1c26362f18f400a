-- Every alert is stored on its own (its customer, departments, summary, evidence); groups hold them for notifying.
-- Until now a row of `alerts` was the first alert of a fingerprint and later alerts were only counted on it. Each
-- such row becomes an alert with a group of its own; the ids of the alerts counted on it stay known (a replay stays a
-- no-op), but their content was never stored and cannot be brought back: a history entry on the alert says so.

-- A group: the alerts that share the grouping labels (the fingerprint unless configured otherwise) while the group is
-- unresolved. Its status follows its members: open while one is open, acknowledged while none is open and one is
-- acknowledged, resolved once all are.
CREATE TABLE alert_groups (
    id              UUID        PRIMARY KEY,
    group_key       TEXT        NOT NULL,
    labels          JSONB       NOT NULL,
    severity        TEXT        NOT NULL CHECK (severity IN ('info', 'warning', 'critical')),
    status          TEXT        NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'acknowledged', 'resolved')),
    first_alert_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
    last_alert_at   TIMESTAMPTZ NOT NULL DEFAULT now(),
    resolved_at     TIMESTAMPTZ,
    updated_at      TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX alert_groups_unresolved_key ON alert_groups (group_key) WHERE status <> 'resolved';
CREATE INDEX alert_groups_last ON alert_groups (last_alert_at DESC, id);

ALTER TABLE alerts ADD COLUMN group_id UUID;
UPDATE alerts SET group_id = gen_random_uuid();
INSERT INTO alert_groups (id, group_key, labels, severity, status, first_alert_at, last_alert_at, resolved_at,
                          updated_at)
SELECT group_id, 'fingerprint=' || fingerprint, jsonb_build_object('fingerprint', fingerprint), severity, status,
       first_seen_at, last_seen_at, resolved_at, updated_at
  FROM alerts;
INSERT INTO alert_history (alert_id, at, action, actor, note)
SELECT id, last_seen_at, 'migrated', NULL,
       (occurrences - 1) || ' later alert(s) of fingerprint ' || fingerprint || ' were counted on this one before '
           || 'alerts were stored one by one; their ids are kept, their customers and evidence were not stored'
  FROM alerts WHERE occurrences > 1;
ALTER TABLE alerts ALTER COLUMN group_id SET NOT NULL;
ALTER TABLE alerts ADD CONSTRAINT alerts_group_fk FOREIGN KEY (group_id) REFERENCES alert_groups (id);
DROP INDEX alerts_unresolved_fingerprint;
ALTER TABLE alerts RENAME COLUMN first_seen_at TO received_at;
ALTER TABLE alerts DROP COLUMN last_seen_at;
ALTER TABLE alerts DROP COLUMN occurrences;
-- the departments a silence kept the alert from when it arrived (all of them when `silenced`)
ALTER TABLE alerts ADD COLUMN silenced_departments TEXT[] NOT NULL DEFAULT '{}';
UPDATE alerts SET silenced_departments = departments WHERE silenced;
CREATE INDEX alerts_group ON alerts (group_id, received_at);

-- Alert ids received before alerts were stored one by one, each with the alert it was counted on: a replay of one
-- of them stays a no-op. New alerts need no row here: their id is the key of `alerts`.
ALTER TABLE alert_occurrences RENAME TO alert_receipts;
ALTER TABLE alert_receipts RENAME COLUMN occurrence_id TO received_id;
DELETE FROM alert_receipts WHERE received_id = alert_id;

-- A delivery is now one notification of a group to one subscription (or one alert's escalation); the alerts it
-- names are listed in delivery_alerts.
CREATE TABLE delivery_alerts (
    delivery_id  UUID NOT NULL REFERENCES deliveries (id) ON DELETE CASCADE,
    alert_id     TEXT NOT NULL REFERENCES alerts (id),
    PRIMARY KEY (delivery_id, alert_id)
);
CREATE INDEX delivery_alerts_alert ON delivery_alerts (alert_id);
INSERT INTO delivery_alerts (delivery_id, alert_id) SELECT id, alert_id FROM deliveries;
ALTER TABLE deliveries ADD COLUMN group_id UUID REFERENCES alert_groups (id);
UPDATE deliveries d SET group_id = a.group_id FROM alerts a WHERE a.id = d.alert_id;
ALTER TABLE deliveries ALTER COLUMN group_id SET NOT NULL;
-- also drops UNIQUE (alert_id, subscription_id, reason) and deliveries_alert
ALTER TABLE deliveries DROP COLUMN alert_id;
ALTER TABLE deliveries DROP CONSTRAINT deliveries_reason_check;
ALTER TABLE deliveries ADD CONSTRAINT deliveries_reason_check CHECK (reason IN ('alert', 'repeat', 'escalation'));
CREATE INDEX deliveries_group ON deliveries (group_id);

-- The grouping timers of a subscription (ISO 8601 durations; null: the service's defaults).
ALTER TABLE subscriptions ADD COLUMN group_wait TEXT;
ALTER TABLE subscriptions ADD COLUMN group_interval TEXT;
ALTER TABLE subscriptions ADD COLUMN repeat_interval TEXT;

-- Who is to be told of an alert: one row per (alert, subscription of an unsilenced department it names), written in
-- the transaction that stored the alert; delivery_id is the group notification that named it (null: not yet).
CREATE TABLE alert_notices (
    alert_id         TEXT        NOT NULL REFERENCES alerts (id),
    subscription_id  UUID        NOT NULL REFERENCES subscriptions (id) ON DELETE CASCADE,
    group_id         UUID        NOT NULL REFERENCES alert_groups (id),
    created_at       TIMESTAMPTZ NOT NULL DEFAULT now(),
    delivery_id      UUID        REFERENCES deliveries (id),
    PRIMARY KEY (alert_id, subscription_id)
);
CREATE INDEX alert_notices_pending ON alert_notices (group_id, subscription_id) WHERE delivery_id IS NULL;
CREATE INDEX alert_notices_group ON alert_notices (group_id, subscription_id);
INSERT INTO alert_notices (alert_id, subscription_id, group_id, created_at, delivery_id)
SELECT da.alert_id, d.subscription_id, d.group_id, d.created_at, d.id
  FROM deliveries d JOIN delivery_alerts da ON da.delivery_id = d.id
 WHERE d.reason = 'alert' AND d.subscription_id IS NOT NULL AND d.type <> 'alertmanager'
ON CONFLICT DO NOTHING;

-- When each group was last notified to each subscription (group_interval and repeat_interval count from here).
CREATE TABLE group_notifications (
    group_id         UUID        NOT NULL REFERENCES alert_groups (id),
    subscription_id  UUID        NOT NULL REFERENCES subscriptions (id) ON DELETE CASCADE,
    last_sent_at     TIMESTAMPTZ,
    PRIMARY KEY (group_id, subscription_id)
);
INSERT INTO group_notifications (group_id, subscription_id, last_sent_at)
SELECT group_id, subscription_id, max(created_at) FROM deliveries
 WHERE reason = 'alert' AND subscription_id IS NOT NULL AND type <> 'alertmanager'
 GROUP BY group_id, subscription_id;

-- Alertmanager subscriptions are kept in sync as Prometheus does it (open alerts re-sent, a resolved one sent once),
-- not through the outbox: what each one was last sent.
CREATE TABLE alertmanager_pushes (
    subscription_id   UUID        NOT NULL REFERENCES subscriptions (id) ON DELETE CASCADE,
    alert_id          TEXT        NOT NULL REFERENCES alerts (id),
    last_sent_at      TIMESTAMPTZ NOT NULL,
    resolved_sent_at  TIMESTAMPTZ,
    PRIMARY KEY (subscription_id, alert_id)
);
INSERT INTO alertmanager_pushes (subscription_id, alert_id, last_sent_at)
SELECT d.subscription_id, da.alert_id, max(d.completed_at)
  FROM deliveries d JOIN delivery_alerts da ON da.delivery_id = d.id
 WHERE d.type = 'alertmanager' AND d.status = 'succeeded' AND d.subscription_id IS NOT NULL
 GROUP BY 1, 2;
UPDATE deliveries SET status = 'cancelled', completed_at = now(),
                      last_error = 'alertmanager subscriptions are kept in sync by re-sending, not by the outbox'
 WHERE type = 'alertmanager' AND status = 'pending';
