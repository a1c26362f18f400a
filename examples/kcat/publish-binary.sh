#!/usr/bin/env bash
# One touch in binary mode: the CloudEvents attributes as ce_* headers, only the data as the value.
set -euo pipefail
BOOTSTRAP="${BOOTSTRAP:-localhost:9092}"
echo '{"customerId":"C-43","department":"billing","channel":"email","direction":"outbound","question":"refund-window","answer":"14 days"}' |
  kcat -P -b "$BOOTSTRAP" -t cx.touches.v1 -k C-43 \
    -H ce_specversion=1.0 -H ce_id=billing-9001 -H ce_source=/billing/mail -H ce_type=cx.touch.answer-given \
    -H ce_time=2026-11-25T12:00:00Z -H content-type=application/json
