#!/usr/bin/env bash
# One touch in binary mode: the CloudEvents attributes as ce_* headers, only the data as the value. Against a broker
# that signs clients in (./run.sh's): KAFKA_USER=publisher KAFKA_PASSWORD=<the password ./run.sh prints>.
set -euo pipefail
BOOTSTRAP="${BOOTSTRAP:-localhost:9092}"
auth=()
[ -z "${KAFKA_USER:-}" ] || auth=(-X security.protocol=SASL_PLAINTEXT -X sasl.mechanisms=SCRAM-SHA-512
                                 -X "sasl.username=$KAFKA_USER" -X "sasl.password=$KAFKA_PASSWORD")
echo '{"customerId":"C-43","department":"billing","channel":"email","direction":"outbound","question":"refund-window","answer":"14 days"}' |
  kcat -P -b "$BOOTSTRAP" "${auth[@]}" -t cx.touches.v1 -k C-43 \
    -H ce_specversion=1.0 -H ce_id=billing-9001 -H ce_source=/billing/mail -H ce_type=cx.touch.answer-given \
    -H ce_time=2026-11-25T12:00:00Z -H content-type=application/json
