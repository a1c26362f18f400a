-- Who changed what: subscriptions, silences and alert states, with the entity before and after the change (JSON).
CREATE TABLE audit_log (
    id           UUID        PRIMARY KEY,
    at           TIMESTAMPTZ NOT NULL DEFAULT now(),
    actor        TEXT        NOT NULL,
    entity_type  TEXT        NOT NULL CHECK (entity_type IN ('subscription', 'silence', 'alert')),
    entity_id    TEXT        NOT NULL,
    action       TEXT        NOT NULL,
    before       JSONB,
    after        JSONB
);
CREATE INDEX audit_log_at ON audit_log (at DESC, id);
CREATE INDEX audit_log_entity ON audit_log (entity_type, at DESC);
