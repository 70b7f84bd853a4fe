#!/usr/bin/env bash
# Crash test of the digest sender (docs/decisions/0006-delivery.md, issue #4): 10,000 confirmed
# subscribers on SQLite, a recording SMTP sink on loopback (tests/support/smtp_recorder.py: every
# message whose DATA completed is logged before the reply, and each 250 is held back a few ms so
# that messages are always in flight), `barometer send` SIGKILLed at 5 random moments while the
# sink is receiving and restarted each time, then run to the end. Passes when
#   - every confirmed subscriber received the digest, the pending one did not;
#   - every copy of one subscriber's digest has the same Message-ID;
#   - duplicates > 0 (a kill did land with messages in flight: the bound check can fail) and
#     duplicates <= kills × in-flight bound (send_concurrency × send_batch);
#   - the report's "accepted" equals the distinct recipients the sink saw, nothing is pending.
# Usage: send_crash.sh BAROMETER_BINARY SOURCE_DIR [SUBSCRIBERS]
set -euo pipefail
binary=$1
source_dir=$2
subscribers=${3:-10000}
kills=5
concurrency=4
batch=20
reply_delay_ms=4
recorder=$source_dir/tests/support/smtp_recorder.py
/usr/bin/python3 -c 'import aiosmtpd' 2>/dev/null || { echo "FAIL: aiosmtpd missing (Debian package python3-aiosmtpd)"; exit 1; }

work=$(mktemp -d)
cleanup() {
  [[ -n ${send_pid:-} ]] && kill -9 "$send_pid" 2>/dev/null || true
  [[ -n ${sink_pid:-} ]] && kill "$sink_pid" 2>/dev/null || true
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

touch "$work/received"
/usr/bin/python3 "$recorder" --log "$work/received" --reply-delay-ms $reply_delay_ms >"$work/sink.out" 2>&1 &
sink_pid=$!
for _ in $(seq 1 100); do grep -q '^PORT ' "$work/sink.out" && break; sleep 0.1; done
port=$(sed -n 's/^PORT //p' "$work/sink.out")
[[ -n $port ]] || { echo "FAIL: the SMTP recorder did not start:"; cat "$work/sink.out"; exit 1; }

export BAROMETER_SMTP_URL="smtp://127.0.0.1:$port"
export BAROMETER_MAIL_FROM="digest@barometer.example"
export BAROMETER_SEND_CONCURRENCY=$concurrency BAROMETER_SEND_BATCH=$batch
received() { wc -l <"$work/received"; }
# The lease (30 s) must stay well above the time one batch takes, or a slow batch's rows are taken
# over while still being sent and duplicates exceed the bound (0006, case 3): on a loaded 2-core
# machine a batch of 20 took longer than 5 s. A killed run's rows wait out the lease once, at the end.
# An array, not a shell function: `function &` forks a subshell, and SIGKILL on $! would kill that
# subshell and leave barometer running (why the kills of the first version never caused a duplicate).
send=("$binary" send --data "$work/site" --period 2022-W09 --lang en --lease-seconds 30)

for k in $(seq 1 $kills); do
  before=$(received)
  "${send[@]}" >"$work/send$k.log" 2>&1 &
  send_pid=$!
  # A random moment once this run is sending: 0.2 .. 1.5 s after its first message reached the sink.
  for _ in $(seq 1 300); do [[ $(received) -gt $before ]] && break; sleep 0.05; done
  sleep "$(/usr/bin/python3 -c 'import random; print(round(random.uniform(0.2, 1.5), 2))')"
  at=$(received)
  kill -9 "$send_pid" 2>/dev/null || true
  wait "$send_pid" 2>/dev/null || true
  send_pid=""
  pgrep -f -- "--data $work/site" >/dev/null && { echo "FAIL: a killed sender is still running"; exit 1; }
  [[ $at -gt $before ]] || { echo "FAIL: run $k was killed before it sent anything"; cat "$work/send$k.log"; exit 1; }
  echo "kill $k: run sent $((at - before)) messages, the sink has $at"
done

set +e
"${send[@]}" >"$work/final.log" 2>&1
code=$?
set -e
cat "$work/final.log"
[[ $code == 0 ]] || { echo "FAIL: final send exited $code"; exit 1; }
sleep 0.2  # the sink's last lines (written before its replies, so already there)

total=$(received)
distinct=$(cut -d' ' -f1 "$work/received" | sort -u | wc -l)
ids_per_rcpt=$(sort -u "$work/received" | cut -d' ' -f1 | uniq -d | wc -l)
duplicates=$((total - distinct))
bound=$((kills * concurrency * batch))
accepted=$(sed -n 's/.*accepted \([0-9]*\),.*/\1/p' "$work/final.log" | tail -1)
pending=$(sed -n 's/.*pending \([0-9]*\) of.*/\1/p' "$work/final.log" | tail -1)
echo "messages $total, distinct recipients $distinct, duplicates $duplicates (bound $bound), accepted $accepted"
ledger=$(sqlite3 "$work/site/barometer.db" "SELECT state || ' ' || count(*) FROM deliveries GROUP BY state ORDER BY state" | tr '\n' ',')
echo "ledger: $ledger claims per row: $(sqlite3 "$work/site/barometer.db" "SELECT attempts || 'x ' || count(*) FROM deliveries GROUP BY attempts" | tr '\n' ' ')"

fail=0
[[ $distinct == "$subscribers" ]] || { echo "FAIL: $distinct of $subscribers subscribers received the digest"; fail=1; }
grep -q '^pending@example.org ' "$work/received" && { echo "FAIL: a pending subscriber got the digest"; fail=1; }
[[ $duplicates -gt 0 ]] || { echo "FAIL: no duplicates after $kills kills with messages in flight: the bound check never bit"; fail=1; }
[[ $duplicates -le $bound ]] || { echo "FAIL: $duplicates duplicates > bound $bound"; fail=1; }
[[ $ids_per_rcpt == 0 ]] || { echo "FAIL: $ids_per_rcpt recipients got copies with different Message-IDs"; fail=1; }
[[ $accepted == "$distinct" ]] || { echo "FAIL: report says accepted $accepted, the sink saw $distinct"; fail=1; }
[[ $pending == 0 ]] || { echo "FAIL: the report says $pending pending"; fail=1; }
[[ $ledger == "sent $subscribers," ]] || { echo "FAIL: ledger rows are not all sent: $ledger"; fail=1; }
[[ $fail == 0 ]] && echo "OK"
exit $fail
