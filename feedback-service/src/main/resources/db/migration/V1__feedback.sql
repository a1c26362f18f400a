-- Every feedback event of cx.feedback.v1, once per (source, id). The columns the analytics filter and group by
-- are pulled out of data; data keeps the whole payload.
CREATE TABLE feedback (
    source          TEXT        NOT NULL,
    id              TEXT        NOT NULL,
    type            TEXT        NOT NULL,
    kind            TEXT        NOT NULL,  -- survey, complaint, bug-report, praise, bug-acknowledged, shipped
    customer_id     TEXT,                  -- absent on releases and company-wide acknowledgements
    department      TEXT,
    channel         TEXT,
    agent_id        TEXT,
    case_id         TEXT,
    metric          TEXT,                  -- survey: csat, nps, ces
    score           INTEGER,               -- survey
    bug_key         TEXT,                  -- bug-report, bug-acknowledged
    release         TEXT,                  -- release shipped; the release a bug report or complaint names
    fixes           TEXT[],                -- release shipped: the bug keys it fixes
    occurred_at     TIMESTAMPTZ NOT NULL,
    received_at     TIMESTAMPTZ NOT NULL DEFAULT now(),
    data            JSONB       NOT NULL,
    PRIMARY KEY (source, id)
);

CREATE INDEX feedback_kind_time ON feedback (kind, occurred_at);
-- surveys of one customer over time (impact of alerts)
CREATE INDEX feedback_survey_customer ON feedback (customer_id, occurred_at) WHERE kind = 'survey';
-- surveys of one agent over time (bursts of possibly solicited answers)
CREATE INDEX feedback_survey_agent ON feedback (agent_id, occurred_at) WHERE kind = 'survey' AND agent_id IS NOT NULL;
CREATE INDEX feedback_bug_key ON feedback (bug_key) WHERE bug_key IS NOT NULL;
CREATE INDEX feedback_fixes ON feedback USING gin (fixes) WHERE kind = 'shipped';

-- Inconsistency alerts of cx.alerts.v1, once per alert id: who had which rule fire, and when.
CREATE TABLE alerts (
    alert_id        TEXT        PRIMARY KEY,
    rule            TEXT        NOT NULL,
    severity        TEXT,
    customer_id     TEXT        NOT NULL,
    departments     TEXT[],
    detected_at     TIMESTAMPTZ NOT NULL,
    received_at     TIMESTAMPTZ NOT NULL DEFAULT now()
);

CREATE INDEX alerts_customer_time ON alerts (customer_id, detected_at);
CREATE INDEX alerts_time ON alerts (detected_at);
