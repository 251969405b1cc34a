#!/usr/bin/env bash
# After a deploy: the health check answers and an authenticated call works.
set -euo pipefail

BASE_URL="${BASE_URL:-https://orders.example.com}"

# Say which key is used without printing it.
: "${ORDERS_API_KEY:?ORDERS_API_KEY is not set}"
echo "Smoke testing $BASE_URL (ORDERS_API_KEY is set)"
curl --fail --silent --show-error "$BASE_URL/health"
curl --fail --silent --show-error -H "X-Api-Key: $ORDERS_API_KEY" \
  "$BASE_URL/orders?limit=1" > /dev/null
echo "Smoke test passed"
