#!/usr/bin/env bash
# One touch in structured mode: the whole CloudEvent as the value, on one line. Against a broker that signs clients
# in (./run.sh's), give the user: KAFKA_USER=publisher KAFKA_PASSWORD=<the password ./run.sh prints>.
set -euo pipefail
BOOTSTRAP="${BOOTSTRAP:-localhost:9092}"
auth=()
[ -z "${KAFKA_USER:-}" ] || auth=(-X security.protocol=SASL_PLAINTEXT -X sasl.mechanisms=SCRAM-SHA-512
                                 -X "sasl.username=$KAFKA_USER" -X "sasl.password=$KAFKA_PASSWORD")
echo '{"specversion":"1.0","id":"web-5521","source":"/website/chat","type":"cx.touch.contact","time":"2026-11-25T11:00:00Z","data":{"customerId":"C-43","department":"web","channel":"chat","direction":"inbound","purpose":"billing-question"}}' |
  kcat -P -b "$BOOTSTRAP" "${auth[@]}" -t cx.touches.v1 -k C-43 -H content-type=application/cloudevents+json
