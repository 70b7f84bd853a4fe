#!/usr/bin/env bash
# Crash test of the digest sender (docs/decisions/0006-delivery.md): 10,000 confirmed subscribers,
# Postfix's smtp-sink on loopback dumping every message, `barometer send` SIGKILLed at 5 random
# moments and restarted each time, then run to the end. Passes when every subscriber received the
# digest at least once, every copy of one subscriber's digest has the same Message-ID, the
# duplicates are at most 5 × the in-flight bound (send_concurrency × send_batch), and the report's
# "accepted" equals the distinct recipients the sink saw.
# Usage: send_crash.sh BAROMETER_BINARY SOURCE_DIR [SUBSCRIBERS]
set -euo pipefail
binary=$1
subscribers=${3:-10000}
kills=5
concurrency=4
batch=20
sink=/usr/sbin/smtp-sink
[[ -x $sink ]] || { echo "smtp-sink missing (Debian package postfix)"; exit 1; }

work=$(mktemp -d)
chmod 777 "$work"
cleanup() {
  [[ -n ${sink_pid:-} ]] && kill "$sink_pid" 2>/dev/null || true
  [[ -n ${send_pid:-} ]] && kill -9 "$send_pid" 2>/dev/null || true
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

# A demo site with commentaries for one week.
"$binary" demo --data "$work/site" --listen 127.0.0.1:0 --first 2022-W09 --last 2022-W09 >"$work/demo.log" 2>&1 &
demo_pid=$!
for _ in $(seq 1 600); do
  grep -q "Listening on" "$work/demo.log" && break
  sleep 0.2
done
kill "$demo_pid"; wait "$demo_pid" 2>/dev/null || true
grep -q "Listening on" "$work/demo.log" || { echo "demo did not start:"; cat "$work/demo.log"; exit 1; }

sqlite3 "$work/site/barometer.db" <<SQL
BEGIN;
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < $subscribers)
INSERT INTO subscribers (email, lang, status, created_at, confirmed_at)
SELECT 'reader' || i || '@example.org', 'en', 'confirmed', 1646000000, 1646000000 FROM n;
INSERT INTO subscribers (email, lang, status, created_at) VALUES ('pending@example.org', 'en', 'pending', 1646000000);
COMMIT;
SQL

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
"$sink" -u nobody -D "$work/dump" "127.0.0.1:$port" 256 &
sink_pid=$!
sleep 0.5

export BAROMETER_SMTP_URL="smtp://127.0.0.1:$port"
export BAROMETER_MAIL_FROM="digest@barometer.example"
export BAROMETER_SEND_CONCURRENCY=$concurrency BAROMETER_SEND_BATCH=$batch
received() { grep -c '^X-Rcpt-Args:' "$work/dump" 2>/dev/null || echo 0; }
send() { "$binary" send --data "$work/site" --period 2022-W09 --lang en --lease-seconds 5 "$@"; }

for k in $(seq 1 $kills); do
  before=$(received)
  send >"$work/send$k.log" 2>&1 &
  send_pid=$!
  # A random moment once this run is sending: 0.2 .. 2.2 s after its first message.
  for _ in $(seq 1 300); do [[ $(received) -gt $before ]] && break; sleep 0.05; done
  sleep "$(python3 -c 'import random; print(round(random.uniform(0.2, 2.2), 2))')"
  kill -9 "$send_pid" 2>/dev/null || true
  wait "$send_pid" 2>/dev/null || true
  send_pid=""
  echo "kill $k: the sink has $(received) messages"
done

set +e
send >"$work/final.log" 2>&1
code=$?
set -e
cat "$work/final.log"
[[ $code == 0 ]] || { echo "FAIL: final send exited $code"; exit 1; }

# (recipient, Message-ID) per dumped message.
awk 'tolower($1) == "x-rcpt-args:" { rcpt = $2 } tolower($1) == "message-id:" && rcpt != "" { print rcpt, $2; rcpt = "" }' \
  "$work/dump" | tr -d '<>' >"$work/pairs"
total=$(wc -l <"$work/pairs")
distinct=$(cut -d' ' -f1 "$work/pairs" | sort -u | wc -l)
ids_per_rcpt=$(sort -u "$work/pairs" | cut -d' ' -f1 | uniq -d | wc -l)
duplicates=$((total - distinct))
bound=$((kills * concurrency * batch))
accepted=$(sed -n 's/.*accepted \([0-9]*\),.*/\1/p' "$work/final.log" | tail -1)
echo "messages $total, distinct recipients $distinct, duplicates $duplicates (bound $bound), accepted $accepted"

fail=0
[[ $distinct == "$subscribers" ]] || { echo "FAIL: $distinct of $subscribers subscribers received the digest"; fail=1; }
grep -q 'pending@example.org' "$work/pairs" && { echo "FAIL: a pending subscriber got the digest"; fail=1; }
[[ $duplicates -le $bound ]] || { echo "FAIL: $duplicates duplicates > bound $bound"; fail=1; }
[[ $ids_per_rcpt == 0 ]] || { echo "FAIL: $ids_per_rcpt recipients got copies with different Message-IDs"; fail=1; }
[[ $accepted == "$distinct" ]] || { echo "FAIL: report says accepted $accepted, the sink saw $distinct"; fail=1; }
[[ $fail == 0 ]] && echo "OK"
exit $fail
