-- The journey query orders a customer's touches by (occurred_at, source, id), all ascending or all descending. The
-- first index had occurred_at descending and source, id ascending, which matches neither order past occurred_at, so
-- PostgreSQL sorted (or read the touches of every customer by time). Scanned forwards or backwards, this one gives
-- both orders as they are, and a page reads only its own rows.
DROP INDEX touches_customer_time;
CREATE INDEX touches_customer_time ON touches (customer_id, occurred_at, source, id);
