#!/usr/bin/env bash
# Before publishing a touch, ask what it would raise: {"ok":true,"findings":[]} or every alert it would cause, worded
# as the alert would be. Nothing is stored or sent. TOKEN: a publisher, ops, analyst or admin token, or one of a
# member of the draft's department (README.md, "Security", shows how to get one).
set -euo pipefail
CONSISTENCY="${CONSISTENCY:-http://localhost:8083}"
curl -sS --fail-with-body -X POST "$CONSISTENCY/check" -H "authorization: Bearer $TOKEN" \
  -H 'content-type: application/cloudevents+json' -d '{
  "specversion": "1.0", "id": "crm-99120", "source": "/crm/sales", "type": "cx.touch.answer-given",
  "time": "2026-11-25T14:00:00Z",
  "data": {"customerId": "C-45", "department": "sales", "channel": "phone", "direction": "outbound",
           "question": "refund-window", "answer": "14 days"}}'
echo
