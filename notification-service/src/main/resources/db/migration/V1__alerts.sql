-- One row per alert group: the first alert of a fingerprint while none is open, then every repeat counted on it.
CREATE TABLE alerts (
    id               TEXT        PRIMARY KEY,
    rule             TEXT        NOT NULL,
    severity         TEXT        NOT NULL CHECK (severity IN ('info', 'warning', 'critical')),
    customer_id      TEXT        NOT NULL,
    departments      TEXT[]      NOT NULL,
    fingerprint      TEXT        NOT NULL,
    summary          TEXT        NOT NULL,
    evidence         JSONB       NOT NULL,
    details          JSONB,
    detected_at      TIMESTAMPTZ NOT NULL,
    first_seen_at    TIMESTAMPTZ NOT NULL DEFAULT now(),
    last_seen_at     TIMESTAMPTZ NOT NULL DEFAULT now(),
    occurrences      INT         NOT NULL DEFAULT 1,
    status           TEXT        NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'acknowledged', 'resolved')),
    silenced         BOOLEAN     NOT NULL DEFAULT FALSE,
    acknowledged_by  TEXT,
    acknowledged_at  TIMESTAMPTZ,
    resolved_by      TEXT,
    resolved_at      TIMESTAMPTZ,
    escalated_at     TIMESTAMPTZ,
    updated_at       TIMESTAMPTZ NOT NULL DEFAULT now()
);
-- at most one unresolved alert per fingerprint: repeats are counted on it
CREATE UNIQUE INDEX alerts_unresolved_fingerprint ON alerts (fingerprint) WHERE status <> 'resolved';
CREATE INDEX alerts_detected ON alerts (detected_at DESC, id);
CREATE INDEX alerts_departments ON alerts USING GIN (departments);
CREATE INDEX alerts_customer ON alerts (customer_id);
CREATE INDEX alerts_escalation_due ON alerts (first_seen_at) WHERE status = 'open' AND escalated_at IS NULL;

-- Every alert id received, so a replayed alert is a no-op; points to the group it was counted on.
CREATE TABLE alert_occurrences (
    occurrence_id  TEXT        PRIMARY KEY,
    alert_id       TEXT        NOT NULL REFERENCES alerts (id),
    detected_at    TIMESTAMPTZ NOT NULL,
    received_at    TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX alert_occurrences_alert ON alert_occurrences (alert_id);

-- What people and the service did to an alert: acknowledged, resolved, escalated, silenced.
CREATE TABLE alert_history (
    id        BIGSERIAL   PRIMARY KEY,
    alert_id  TEXT        NOT NULL REFERENCES alerts (id),
    at        TIMESTAMPTZ NOT NULL DEFAULT now(),
    action    TEXT        NOT NULL,
    actor     TEXT,
    note      TEXT
);
CREATE INDEX alert_history_alert ON alert_history (alert_id, at);

CREATE TABLE subscriptions (
    id          UUID        PRIMARY KEY,
    department  TEXT        NOT NULL,
    type        TEXT        NOT NULL CHECK (type IN ('webhook', 'kafka', 'alertmanager')),
    name        TEXT,
    url         TEXT,
    topic       TEXT,
    secret      TEXT,
    enabled     BOOLEAN     NOT NULL DEFAULT TRUE,
    created_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at  TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX subscriptions_department ON subscriptions (department);

CREATE TABLE silences (
    id          UUID        PRIMARY KEY,
    department  TEXT,
    rule        TEXT,
    customer_id TEXT,
    ends_at     TIMESTAMPTZ NOT NULL,
    created_by  TEXT        NOT NULL,
    comment     TEXT,
    created_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
    CHECK (department IS NOT NULL OR rule IS NOT NULL OR customer_id IS NOT NULL)
);
CREATE INDEX silences_active ON silences (ends_at);

-- The outbox: one row per (alert, subscription, reason), written in the transaction that stored the alert (or
-- escalated it). The delivery worker claims due rows, sends, and records each attempt; a succeeded row is final.
CREATE TABLE deliveries (
    id               UUID        PRIMARY KEY DEFAULT gen_random_uuid(),
    alert_id         TEXT        NOT NULL REFERENCES alerts (id),
    subscription_id  UUID        REFERENCES subscriptions (id) ON DELETE SET NULL,
    reason           TEXT        NOT NULL CHECK (reason IN ('alert', 'escalation')),
    department       TEXT        NOT NULL,
    type             TEXT        NOT NULL,
    target           TEXT        NOT NULL,
    status           TEXT        NOT NULL DEFAULT 'pending'
                                 CHECK (status IN ('pending', 'succeeded', 'failed', 'cancelled')),
    attempts         INT         NOT NULL DEFAULT 0,
    next_attempt_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
    lease_until      TIMESTAMPTZ,
    last_error       TEXT,
    created_at       TIMESTAMPTZ NOT NULL DEFAULT now(),
    completed_at     TIMESTAMPTZ,
    UNIQUE (alert_id, subscription_id, reason)
);
CREATE INDEX deliveries_due ON deliveries (next_attempt_at) WHERE status = 'pending';
CREATE INDEX deliveries_alert ON deliveries (alert_id);

-- The delivery log: every attempt and how it went.
CREATE TABLE delivery_attempts (
    id           BIGSERIAL   PRIMARY KEY,
    delivery_id  UUID        NOT NULL REFERENCES deliveries (id),
    attempt      INT         NOT NULL,
    started_at   TIMESTAMPTZ NOT NULL,
    finished_at  TIMESTAMPTZ NOT NULL,
    outcome      TEXT        NOT NULL CHECK (outcome IN ('succeeded', 'failed')),
    http_status  INT,
    error        TEXT
);
CREATE INDEX delivery_attempts_delivery ON delivery_attempts (delivery_id, attempt);
