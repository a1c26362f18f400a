-- Every kind of feedback by customer: a customer's feedback (GET /feedback?customerId=) and its erasure read it.
CREATE INDEX feedback_customer ON feedback (customer_id, occurred_at);
