-- Alerts partitioned by the month of detected_at (UTC), with PostgreSQL's declarative partitioning, as journey-service's
-- touches: a query over a period reads only the months it covers, and retention drops whole months instead of deleting
-- rows one by one.
--
-- Alert-id dedupe. A partitioned table's unique keys must hold the partition key, so the key of `alerts` is
-- (id, detected_at). That an alert id is stored once, whatever detected_at a second alert of that id carries, is kept
-- by `alert_ids`: one small row per stored alert (its id, the primary key, and its detected_at), not partitioned,
-- written by a trigger in the same statement that inserts the alert, so a second insert of an id fails whichever month
-- it names. It is also what the other tables' alert_id refers to (a foreign key cannot name a partitioned table without
-- its partition key), and how an alert asked for by id is read from its own month's partition only.
--
-- The existing table is renamed, its rows copied into the new one and the old table dropped, in this migration's
-- transaction: either every row is in the partitioned table or the migration did not happen.

CREATE TABLE alert_ids (
    id           TEXT        PRIMARY KEY,
    detected_at  TIMESTAMPTZ NOT NULL
);
INSERT INTO alert_ids (id, detected_at) SELECT id, detected_at FROM alerts;
CREATE INDEX alert_ids_detected ON alert_ids (detected_at);

-- every reference to alerts(id) now refers to alert_ids(id); retention deletes an old id and what hangs on it
DO $$
DECLARE
    r RECORD;
BEGIN
    FOR r IN SELECT conrelid::regclass AS tbl, conname FROM pg_constraint
              WHERE contype = 'f' AND confrelid = 'alerts'::regclass LOOP
        EXECUTE format('ALTER TABLE %s DROP CONSTRAINT %I', r.tbl, r.conname);
    END LOOP;
END $$;
ALTER TABLE alert_receipts ADD CONSTRAINT alert_receipts_alert_fk
    FOREIGN KEY (alert_id) REFERENCES alert_ids (id) ON DELETE CASCADE;
ALTER TABLE alert_history ADD CONSTRAINT alert_history_alert_fk
    FOREIGN KEY (alert_id) REFERENCES alert_ids (id) ON DELETE CASCADE;
ALTER TABLE delivery_alerts ADD CONSTRAINT delivery_alerts_alert_fk
    FOREIGN KEY (alert_id) REFERENCES alert_ids (id) ON DELETE CASCADE;
ALTER TABLE alert_notices ADD CONSTRAINT alert_notices_alert_fk
    FOREIGN KEY (alert_id) REFERENCES alert_ids (id) ON DELETE CASCADE;
ALTER TABLE alertmanager_pushes ADD CONSTRAINT alertmanager_pushes_alert_fk
    FOREIGN KEY (alert_id) REFERENCES alert_ids (id) ON DELETE CASCADE;

ALTER TABLE alerts RENAME TO alerts_unpartitioned;
ALTER INDEX alerts_pkey RENAME TO alerts_unpartitioned_pkey;
ALTER INDEX alerts_detected RENAME TO alerts_unpartitioned_detected;
ALTER INDEX alerts_departments RENAME TO alerts_unpartitioned_departments;
ALTER INDEX alerts_customer RENAME TO alerts_unpartitioned_customer;
ALTER INDEX alerts_escalation_due RENAME TO alerts_unpartitioned_escalation_due;
ALTER INDEX alerts_group RENAME TO alerts_unpartitioned_group;

CREATE TABLE alerts (
    id                    TEXT        NOT NULL,
    group_id              UUID        NOT NULL REFERENCES alert_groups (id),
    rule                  TEXT        NOT NULL,
    severity              TEXT        NOT NULL CHECK (severity IN ('info', 'warning', 'critical')),
    customer_id           TEXT        NOT NULL,
    departments           TEXT[]      NOT NULL,
    fingerprint           TEXT        NOT NULL,
    summary               TEXT        NOT NULL,
    evidence              JSONB       NOT NULL,
    details               JSONB,
    detected_at           TIMESTAMPTZ NOT NULL,
    received_at           TIMESTAMPTZ NOT NULL DEFAULT now(),
    status                TEXT        NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'acknowledged', 'resolved')),
    silenced              BOOLEAN     NOT NULL DEFAULT FALSE,
    silenced_departments  TEXT[]      NOT NULL DEFAULT '{}',
    acknowledged_by       TEXT,
    acknowledged_at       TIMESTAMPTZ,
    resolved_by           TEXT,
    resolved_at           TIMESTAMPTZ,
    escalated_at          TIMESTAMPTZ,
    updated_at            TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (id, detected_at)
) PARTITION BY RANGE (detected_at);

-- on every partition
CREATE INDEX alerts_detected ON alerts (detected_at DESC, id);
CREATE INDEX alerts_departments ON alerts USING GIN (departments);
CREATE INDEX alerts_customer ON alerts (customer_id);
CREATE INDEX alerts_escalation_due ON alerts (received_at) WHERE status = 'open' AND escalated_at IS NULL;
CREATE INDEX alerts_group ON alerts (group_id, received_at);
-- alerts of a month without a partition of its own (older than the first one, say) are kept here
CREATE TABLE alerts_default PARTITION OF alerts DEFAULT;

-- Creates the partition of the month (UTC) holding `at` when it is missing, named alerts_YYYY_MM. Alerts of that
-- month already in the default partition move into it (their ids are in alert_ids already: the trigger lets them by).
CREATE FUNCTION alerts_ensure_month(at TIMESTAMPTZ) RETURNS VOID LANGUAGE plpgsql AS $$
DECLARE
    month_start TIMESTAMP   := date_trunc('month', at AT TIME ZONE 'UTC');
    lo          TIMESTAMPTZ := month_start AT TIME ZONE 'UTC';
    hi          TIMESTAMPTZ := (month_start + INTERVAL '1 month') AT TIME ZONE 'UTC';
    part        TEXT        := 'alerts_' || to_char(month_start, 'YYYY_MM');
BEGIN
    IF to_regclass(part) IS NOT NULL THEN
        RETURN;
    END IF;
    CREATE TEMP TABLE alerts_moving ON COMMIT DROP AS
        WITH moved AS (DELETE FROM alerts_default WHERE detected_at >= lo AND detected_at < hi RETURNING *)
        SELECT * FROM moved;
    EXECUTE format('CREATE TABLE %I PARTITION OF alerts FOR VALUES FROM (%L) TO (%L)', part, lo, hi);
    PERFORM set_config('unison.alerts_moving', 'on', true);
    INSERT INTO alerts SELECT * FROM alerts_moving;
    PERFORM set_config('unison.alerts_moving', 'off', true);
    DROP TABLE alerts_moving;
END $$;

-- Keeps the partitions: creates those of this month and of the next `months_ahead`, and with retention_months > 0
-- drops every month partition that ended more than retention_months months before this month began, deletes the
-- default partition's alerts that old, and the ids of all of them (with their history, notices, pushes and receipts).
-- One instance at a time (an advisory lock). Returns the partitions dropped.
CREATE FUNCTION alerts_maintain(months_ahead INT, retention_months INT) RETURNS INT LANGUAGE plpgsql AS $$
DECLARE
    this_month TIMESTAMP   := date_trunc('month', now() AT TIME ZONE 'UTC');
    cutoff     TIMESTAMPTZ := (this_month - make_interval(months => retention_months)) AT TIME ZONE 'UTC';
    part       TEXT;
    dropped    INT := 0;
BEGIN
    PERFORM pg_advisory_xact_lock(hashtext('alerts_maintain'));
    FOR n IN 0..months_ahead LOOP
        PERFORM alerts_ensure_month((this_month + make_interval(months => n)) AT TIME ZONE 'UTC');
    END LOOP;
    IF retention_months > 0 THEN
        FOR part IN
            SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
            WHERE i.inhparent = 'alerts'::regclass AND c.relname ~ '^alerts_[0-9]{4}_[0-9]{2}$'
              AND (to_date(substr(c.relname, 8), 'YYYY_MM') + INTERVAL '1 month') AT TIME ZONE 'UTC' <= cutoff
        LOOP
            EXECUTE format('DROP TABLE %I', part);
            dropped := dropped + 1;
        END LOOP;
        DELETE FROM alerts_default WHERE detected_at < cutoff;
        DELETE FROM alert_ids WHERE detected_at < cutoff;
    END IF;
    RETURN dropped;
END $$;

-- a partition for every month that holds alerts, and for this month and the next two
SELECT alerts_ensure_month(m)
FROM (SELECT DISTINCT date_trunc('month', detected_at AT TIME ZONE 'UTC') AT TIME ZONE 'UTC' AS m
      FROM alerts_unpartitioned) months;
SELECT alerts_maintain(2, 0);

INSERT INTO alerts (id, group_id, rule, severity, customer_id, departments, fingerprint, summary, evidence, details,
                    detected_at, received_at, status, silenced, silenced_departments, acknowledged_by,
                    acknowledged_at, resolved_by, resolved_at, escalated_at, updated_at)
SELECT id, group_id, rule, severity, customer_id, departments, fingerprint, summary, evidence, details,
       detected_at, received_at, status, silenced, silenced_departments, acknowledged_by,
       acknowledged_at, resolved_by, resolved_at, escalated_at, updated_at
FROM alerts_unpartitioned;

DROP TABLE alerts_unpartitioned;

-- every alert stored from now on claims its id in alert_ids: a second alert of a stored id fails (unique violation),
-- whichever month its detected_at names
CREATE FUNCTION alerts_claim_id() RETURNS TRIGGER LANGUAGE plpgsql AS $$
BEGIN
    IF current_setting('unison.alerts_moving', true) IS DISTINCT FROM 'on' THEN
        INSERT INTO alert_ids (id, detected_at) VALUES (NEW.id, NEW.detected_at);
    END IF;
    RETURN NULL;
END $$;
CREATE TRIGGER alerts_claim_id AFTER INSERT ON alerts FOR EACH ROW EXECUTE FUNCTION alerts_claim_id();
