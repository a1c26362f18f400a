-- Touches partitioned by the month of occurred_at (UTC), with PostgreSQL's declarative partitioning: a query over a
-- period reads only the months it covers, and retention drops whole months instead of deleting rows one by one.
-- A primary key of a partitioned table must hold the partition key, so it is (source, id, occurred_at): a repeat of an
-- event carries the event's time, so a (source, id) is still stored once.
-- The existing table is renamed, its rows copied into the new one and the old table dropped, in this migration's
-- transaction: either every row is in the partitioned table or the migration did not happen.

ALTER TABLE touches RENAME TO touches_unpartitioned;
ALTER INDEX touches_pkey RENAME TO touches_unpartitioned_pkey;
ALTER INDEX touches_customer_time RENAME TO touches_unpartitioned_customer_time;
ALTER INDEX touches_time RENAME TO touches_unpartitioned_time;

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
    PRIMARY KEY (source, id, occurred_at)
) PARTITION BY RANGE (occurred_at);

-- the journey of one customer in (occurred_at, source, id) order, either way; on every partition
CREATE INDEX touches_customer_time ON touches (customer_id, occurred_at, source, id);
-- analytics over a period
CREATE INDEX touches_time ON touches (occurred_at);
-- touches of a month without a partition of its own (older than the first one, say) are kept here
CREATE TABLE touches_default PARTITION OF touches DEFAULT;

-- Creates the partition of the month (UTC) holding `at` when it is missing, named touches_YYYY_MM. Touches of that
-- month already in the default partition move into it.
CREATE FUNCTION touches_ensure_month(at TIMESTAMPTZ) RETURNS VOID LANGUAGE plpgsql AS $$
DECLARE
    month_start TIMESTAMP   := date_trunc('month', at AT TIME ZONE 'UTC');
    lo          TIMESTAMPTZ := month_start AT TIME ZONE 'UTC';
    hi          TIMESTAMPTZ := (month_start + INTERVAL '1 month') AT TIME ZONE 'UTC';
    part        TEXT        := 'touches_' || to_char(month_start, 'YYYY_MM');
BEGIN
    IF to_regclass(part) IS NOT NULL THEN
        RETURN;
    END IF;
    CREATE TEMP TABLE touches_moving ON COMMIT DROP AS
        WITH moved AS (DELETE FROM touches_default WHERE occurred_at >= lo AND occurred_at < hi RETURNING *)
        SELECT * FROM moved;
    EXECUTE format('CREATE TABLE %I PARTITION OF touches FOR VALUES FROM (%L) TO (%L)', part, lo, hi);
    INSERT INTO touches SELECT * FROM touches_moving;
    DROP TABLE touches_moving;
END $$;

-- Keeps the partitions: creates those of this month and of the next `months_ahead`, and with retention_months > 0
-- drops every month partition that ended more than retention_months months before this month began (and deletes the
-- default partition's touches that old). One instance at a time (an advisory lock). Returns the partitions dropped.
CREATE FUNCTION touches_maintain(months_ahead INT, retention_months INT) RETURNS INT LANGUAGE plpgsql AS $$
DECLARE
    this_month TIMESTAMP := date_trunc('month', now() AT TIME ZONE 'UTC');
    cutoff     TIMESTAMPTZ := (this_month - make_interval(months => retention_months)) AT TIME ZONE 'UTC';
    part       TEXT;
    dropped    INT := 0;
BEGIN
    PERFORM pg_advisory_xact_lock(hashtext('touches_maintain'));
    FOR n IN 0..months_ahead LOOP
        PERFORM touches_ensure_month((this_month + make_interval(months => n)) AT TIME ZONE 'UTC');
    END LOOP;
    IF retention_months > 0 THEN
        FOR part IN
            SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
            WHERE i.inhparent = 'touches'::regclass AND c.relname ~ '^touches_[0-9]{4}_[0-9]{2}$'
              AND (to_date(substr(c.relname, 9), 'YYYY_MM') + INTERVAL '1 month') AT TIME ZONE 'UTC' <= cutoff
        LOOP
            EXECUTE format('DROP TABLE %I', part);
            dropped := dropped + 1;
        END LOOP;
        DELETE FROM touches_default WHERE occurred_at < cutoff;
    END IF;
    RETURN dropped;
END $$;

-- a partition for every month that holds touches, and for this month and the next two
SELECT touches_ensure_month(m)
FROM (SELECT DISTINCT date_trunc('month', occurred_at AT TIME ZONE 'UTC') AT TIME ZONE 'UTC' AS m
      FROM touches_unpartitioned) months;
SELECT touches_maintain(2, 0);

INSERT INTO touches (source, id, customer_id, type, kind, department, channel, direction, initiated_by, agent_id,
                     automated, case_id, occurred_at, received_at, data)
SELECT source, id, customer_id, type, kind, department, channel, direction, initiated_by, agent_id,
       automated, case_id, occurred_at, received_at, data
FROM touches_unpartitioned;

DROP TABLE touches_unpartitioned;
