#!/usr/bin/env bash
# One touch in structured mode: the whole CloudEvent as the value, on one line.
set -euo pipefail
BOOTSTRAP="${BOOTSTRAP:-localhost:9092}"
echo '{"specversion":"1.0","id":"web-5521","source":"/website/chat","type":"cx.touch.contact","time":"2026-11-25T11:00:00Z","data":{"customerId":"C-43","department":"web","channel":"chat","direction":"inbound","purpose":"billing-question"}}' |
  kcat -P -b "$BOOTSTRAP" -t cx.touches.v1 -k C-43 -H content-type=application/cloudevents+json
