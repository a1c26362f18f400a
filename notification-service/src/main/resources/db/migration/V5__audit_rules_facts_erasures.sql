-- The audit log also keeps the changes of rules and facts (announced by consistency-service on cx.rules.v1 and
-- cx.facts.v1) and the erasure of customers (cx.erasures.v1).
ALTER TABLE audit_log DROP CONSTRAINT audit_log_entity_type_check;
ALTER TABLE audit_log ADD CONSTRAINT audit_log_entity_type_check
    CHECK (entity_type IN ('subscription', 'silence', 'alert', 'rule', 'fact', 'customer'));
CREATE INDEX audit_log_entity_id ON audit_log (entity_type, entity_id, at DESC);
