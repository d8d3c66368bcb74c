#!/usr/bin/env bash
# Fuzz /api/v1/ with Schemathesis against a throwaway SQLite database loaded with the demo.
#
#   tests/api/schemathesis.sh                 # 20 examples per operation, no time limit
#   MAX_EXAMPLES=50 tests/api/schemathesis.sh
#   MAX_TIME=150 tests/api/schemathesis.sh    # every phase within 150 s (what CI does)
#
# Every phase runs: examples, coverage, fuzzing, stateful. Without MAX_TIME the coverage
# phase (every boundary and negative case of every operation, about 10,000 cases) takes
# about 10 minutes whatever MAX_EXAMPLES says. With MAX_TIME, Schemathesis shares the
# budget out: examples and coverage first, with two thirds held back for fuzzing and
# stateful, which then repeat with new cases until the budget is spent.
#
# Exits non-zero on any server error (5xx, or a traceback in the server log) or any
# response that does not conform to the schema.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
PYTHON="$ROOT/.venv/bin/python"
SCHEMATHESIS="$ROOT/.venv/bin/schemathesis"
MAX_EXAMPLES="${MAX_EXAMPLES:-20}"
MAX_TIME="${MAX_TIME:-}"
WORK="$(mktemp -d /tmp/cori-schemathesis.XXXXXX)"
SERVER_PID=""

cleanup() {
    if [[ -n "$SERVER_PID" ]] && kill -0 "$SERVER_PID" 2>/dev/null; then
        kill "$SERVER_PID"
        wait "$SERVER_PID" 2>/dev/null || true
    fi
    rm -rf "$WORK"
}
trap cleanup EXIT

export DATABASE_URL="sqlite:///$WORK/cori.sqlite3"  # sqlite:////tmp/… (an absolute path)
export MEDIA_ROOT="$WORK/media"
export DEBUG=true
export API_THROTTLE_RATE="100000/min"  # fuzzing is not abuse: no 429s in this run

cd "$ROOT"
# The migrated database with the seed quarter: a copy of the tests' template (tests/seed.py,
# built once for this code, by the test suite or here), the same as `migrate` + `load_demo`.
TEMPLATE="$(DJANGO_SETTINGS_MODULE=cori.settings "$PYTHON" -c 'import django; django.setup()
from tests.seed import template_path
print(template_path())')"
cp "$TEMPLATE" "$WORK/cori.sqlite3"
KEY="$("$PYTHON" manage.py create_api_token --name schemathesis --commission CORI | tail -n 1)"

PORT="$("$PYTHON" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')"
"$PYTHON" manage.py runserver "127.0.0.1:$PORT" --noreload >"$WORK/server.log" 2>&1 &
SERVER_PID=$!

for _ in $(seq 1 60); do
    if "$PYTHON" -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:$PORT/api/schema/', timeout=2)" 2>/dev/null; then
        break
    fi
    sleep 1
done

# Business rules that a schema cannot state (a session of the commission, dates in
# order, unique codes) answer 400/409 to schema-valid data: accepted as "positive". So are
# 303 (a report asked with ?format=pdf|docx is sent to its file's endpoint, Location
# declared) and 304 (every read declares If-None-Match, and a matching one such as "*" is
# answered 304 Not Modified, as declared).
cat >"$WORK/schemathesis.toml" <<'TOML'
[checks.positive_data_acceptance]
expected-statuses = ["2xx", "303", "304", "400", "401", "403", "404", "409"]
TOML

set +e
"$SCHEMATHESIS" --no-color --config-file "$WORK/schemathesis.toml" run \
    "http://127.0.0.1:$PORT/api/schema/" \
    --checks all \
    -H "Authorization: Token $KEY" \
    --max-examples "$MAX_EXAMPLES" \
    ${MAX_TIME:+--max-time "$MAX_TIME"} \
    --phases examples,coverage,fuzzing,stateful \
    --workers 1 \
    --request-timeout 60 \
    --generation-database none \
    2>&1 | tee "$WORK/schemathesis.log"
STATUS=${PIPESTATUS[0]}
set -e

echo
echo "Test cases: $(grep -Eo '[0-9]+ generated' "$WORK/schemathesis.log" | tail -n 1 || echo '?')"
if grep -Eq 'Traceback|Internal Server Error| 500 ' "$WORK/server.log"; then
    echo "The server logged errors:" >&2
    grep -E -B2 -A80 'Traceback' "$WORK/server.log" | grep -v 'site-packages' | head -n 160 >&2
    STATUS=1
fi
exit "$STATUS"
