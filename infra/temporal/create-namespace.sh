#!/bin/sh
# One-shot job (service `temporal-namespace`, image temporalio/admin-tools): makes sure
# the namespace the apps use (TEMPORAL_NAMESPACE, `fengqiao`) exists. Idempotent.
set -eu

: "${TEMPORAL_ADDRESS:?}" "${DEFAULT_NAMESPACE:?}"
# How long Temporal keeps the histories of closed workflows. PostgreSQL is the system
# of record, so this only bounds how far back closed runs can be inspected.
RETENTION="${DEFAULT_NAMESPACE_RETENTION:-720h}"

attempt=1
while :; do
  if temporal operator namespace describe --namespace "$DEFAULT_NAMESPACE" \
      --address "$TEMPORAL_ADDRESS" >/dev/null 2>&1; then
    echo "Namespace '$DEFAULT_NAMESPACE' exists"
    exit 0
  fi
  # The frontend can accept connections a little before it serves namespace calls,
  # hence the retries.
  if temporal operator namespace create --namespace "$DEFAULT_NAMESPACE" \
      --retention "$RETENTION" --description "Fengqiao workflows" \
      --address "$TEMPORAL_ADDRESS"; then
    echo "Namespace '$DEFAULT_NAMESPACE' created (retention $RETENTION)"
    exit 0
  fi
  if [ "$attempt" -ge 30 ]; then
    echo "Could not create namespace '$DEFAULT_NAMESPACE' at $TEMPORAL_ADDRESS" >&2
    exit 1
  fi
  attempt=$((attempt + 1))
  sleep 2
done
