#!/usr/bin/env bash
# One touch over HTTP, then the customer's timeline. The touch is stored through Kafka, moments after the 202,
# so the first GET may answer 404 for a moment: curl asks again. Posting needs the publisher role, reading the
# analyst role: README.md, "Security", shows how to get each token.
set -euo pipefail
JOURNEY="${JOURNEY:-http://localhost:8081}"
curl -sS --fail-with-body -X POST "$JOURNEY/touches" -H "authorization: Bearer $PUBLISHER_TOKEN" \
  -H 'content-type: application/cloudevents+json' -d '{
  "specversion": "1.0", "id": "support-311", "source": "/helpdesk/support", "type": "cx.touch.answer-given",
  "time": "2026-11-25T10:45:00Z",
  "data": {"customerId": "C-44", "department": "support", "channel": "chat", "direction": "inbound",
           "question": "refund-window", "answer": "30 days"}}'
echo
curl -sS --fail-with-body --retry 10 --retry-all-errors --retry-delay 1 -H "authorization: Bearer $ANALYST_TOKEN" \
  "$JOURNEY/customers/C-44/journey"
echo
