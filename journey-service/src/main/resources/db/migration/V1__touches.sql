CREATE TABLE touches (
    source          TEXT        NOT NULL,
    id              TEXT        NOT NULL,
    customer_id     TEXT        NOT NULL,
    type            TEXT        NOT NULL,
    kind            TEXT        NOT NULL,
    department      TEXT        NOT NULL,
    channel         TEXT        NOT NULL,
    direction       TEXT        NOT NULL,
    initiated_by    TEXT        NOT NULL,
    agent_id        TEXT,
    automated       BOOLEAN     NOT NULL DEFAULT FALSE,
    case_id         TEXT,
    occurred_at     TIMESTAMPTZ NOT NULL,
    received_at     TIMESTAMPTZ NOT NULL DEFAULT now(),
    data            JSONB       NOT NULL,
    PRIMARY KEY (source, id)
);

-- the journey of one customer, newest first, with a stable order for equal times
CREATE INDEX touches_customer_time ON touches (customer_id, occurred_at DESC, source, id);
-- analytics over a period
CREATE INDEX touches_time ON touches (occurred_at);
