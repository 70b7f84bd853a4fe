#!/usr/bin/env bash
# Several senders on one PostgreSQL database (docs/decisions/0006-delivery.md, issue #5): one
# throwaway cluster, the demo site on it, 10,000 confirmed subscribers (and one pending), a
# recording SMTP sink (tests/support/smtp_recorder.py: every message whose DATA completed is
# logged before the reply, each 250 held back a few ms so that messages are always in flight).
# Three `barometer send` processes, each with its own data directory (a sender on its own node),
# start together on the same digest; one is SIGKILLed at a random moment while the sink is
# receiving; the other two finish. Passes when
#   - both survivors exit 0 and report nothing pending;
#   - every confirmed subscriber received the digest, the pending one did not;
#   - every copy of one subscriber's digest has the same Message-ID;
#   - duplicates <= one kill × in-flight bound (send_concurrency × send_batch);
#   - each survivor's report says accepted == the distinct recipients the sink saw;
#   - the ledger has no row left queued or sending, every row sent, the digest done.
# Usage: multi_send.sh BAROMETER_BINARY SOURCE_DIR [SUBSCRIBERS]
set -euo pipefail
binary=$1
source_dir=$2
subscribers=${3:-10000}
senders=3
concurrency=4
batch=20
reply_delay_ms=4
recorder=$source_dir/tests/support/smtp_recorder.py
/usr/bin/python3 -c 'import aiosmtpd' 2>/dev/null || { echo "FAIL: aiosmtpd missing (Debian package python3-aiosmtpd)"; exit 1; }
pgbin=${BAROMETER_PG_BINDIR:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)}
[[ -x $pgbin/initdb && -x $pgbin/pg_ctl ]] || { echo "FAIL: PostgreSQL server binaries missing (postgresql)"; exit 1; }

work=$(mktemp -d)
pgdir=$(mktemp -d)
as_pg=()
if [[ $(id -u) == 0 ]]; then  # PostgreSQL refuses to run as root
  chown postgres: "$pgdir"
  as_pg=(runuser -u postgres --)
fi
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill -9 "$p" 2>/dev/null || true; done
  [[ -n ${sink_pid:-} ]] && kill "$sink_pid" 2>/dev/null || true
  wait 2>/dev/null || true
  [[ -f $pgdir/data/postmaster.pid ]] && "${as_pg[@]}" "$pgbin/pg_ctl" -D "$pgdir/data" -m immediate -w stop >/dev/null 2>&1 || true
  rm -rf "$work" "$pgdir"
}
trap cleanup EXIT
free_port() { /usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

# The cluster (fsync off: a throwaway) and one database.
pgport=$(free_port)
"${as_pg[@]}" "$pgbin/initdb" -D "$pgdir/data" -U barometer -A trust -E UTF8 --locale=C --no-sync >"$pgdir/initdb.log" 2>&1 ||
  { echo "FAIL: initdb"; cat "$pgdir/initdb.log"; exit 1; }
"${as_pg[@]}" "$pgbin/pg_ctl" -D "$pgdir/data" -l "$pgdir/server.log" -w -t 60 \
  -o "-p $pgport -k $pgdir -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=100" \
  start >/dev/null 2>&1 || { echo "FAIL: pg_ctl start"; cat "$pgdir/server.log"; exit 1; }
psql() { command psql -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$pgport" -U barometer "$@"; }
psql -d postgres -c "CREATE DATABASE barometer TEMPLATE template0"
export BAROMETER_DATABASE="postgresql://barometer@127.0.0.1:$pgport/barometer"
sql() { psql -d barometer -At -c "$1"; }

# A demo site with commentaries for one week, made through node A.
"$binary" demo --data "$work/a" --listen 127.0.0.1:0 --first 2022-W09 --last 2022-W09 >"$work/demo.log" 2>&1 &
demo_pid=$!
for _ in $(seq 1 600); do
  grep -q "Listening on" "$work/demo.log" && break
  sleep 0.2
done
kill "$demo_pid"; wait "$demo_pid" 2>/dev/null || true
grep -q "Listening on" "$work/demo.log" || { echo "demo did not start:"; cat "$work/demo.log"; exit 1; }

sql "INSERT INTO subscribers (email, lang, status, created_at, confirmed_at)
     SELECT 'reader' || i || '@example.org', 'en', 'confirmed', 1646000000, 1646000000 FROM generate_series(1, $subscribers) i;
     INSERT INTO subscribers (email, lang, status, created_at) VALUES ('pending@example.org', 'en', 'pending', 1646000000);"

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
# machine a batch of 20 took longer than 5 s. The survivors wait out the victim's lease once.
# Three senders, started together, each on its own node directory.
for n in $(seq 1 $senders); do
  mkdir -p "$work/node$n"
  "$binary" send --data "$work/node$n" --period 2022-W09 --lang en --lease-seconds 30 >"$work/send$n.log" 2>&1 &
  pids+=($!)
done
victim=$((RANDOM % senders))
# Kill one at a random moment once the sink is receiving: 0.3 .. 2.0 s after its first message.
for _ in $(seq 1 600); do [[ $(received) -gt 0 ]] && break; sleep 0.05; done
sleep "$(/usr/bin/python3 -c 'import random; print(round(random.uniform(0.3, 2.0), 2))')"
at=$(received)
in_flight_then=$(sql "SELECT count(*) FROM deliveries WHERE state = 'sending'")
kill -9 "${pids[$victim]}"
wait "${pids[$victim]}" 2>/dev/null || true
echo "killed sender $((victim + 1)) with the sink at $at messages ($in_flight_then rows in flight)"
[[ $at -gt 0 && $at -lt $subscribers ]] || { echo "FAIL: the kill did not land mid-send ($at messages)"; exit 1; }

fail=0
for n in $(seq 1 $senders); do
  [[ $((n - 1)) == "$victim" ]] && continue
  set +e
  wait "${pids[$((n - 1))]}"
  code=$?
  set -e
  echo "sender $n: $(tail -1 "$work/send$n.log") (exit $code)"
  [[ $code == 0 ]] || { echo "FAIL: sender $n exited $code"; cat "$work/send$n.log"; fail=1; }
done
pids=()
sleep 0.2

total=$(received)
distinct=$(cut -d' ' -f1 "$work/received" | sort -u | wc -l)
ids_per_rcpt=$(sort -u "$work/received" | cut -d' ' -f1 | uniq -d | wc -l)
duplicates=$((total - distinct))
bound=$((concurrency * batch))
echo "messages $total, distinct recipients $distinct, duplicates $duplicates (bound $bound)"

[[ $distinct == "$subscribers" ]] || { echo "FAIL: $distinct of $subscribers subscribers received the digest"; fail=1; }
grep -q '^pending@example.org ' "$work/received" && { echo "FAIL: a pending subscriber got the digest"; fail=1; }
[[ $duplicates -le $bound ]] || { echo "FAIL: $duplicates duplicates > bound $bound"; fail=1; }
[[ $ids_per_rcpt == 0 ]] || { echo "FAIL: $ids_per_rcpt recipients got copies with different Message-IDs"; fail=1; }
for n in $(seq 1 $senders); do
  [[ $((n - 1)) == "$victim" ]] && continue
  accepted=$(sed -n 's/.*accepted \([0-9]*\),.*/\1/p' "$work/send$n.log" | tail -1)
  pending=$(sed -n 's/.*pending \([0-9]*\) of.*/\1/p' "$work/send$n.log" | tail -1)
  [[ $accepted == "$distinct" ]] || { echo "FAIL: sender $n reports accepted '$accepted', the sink saw $distinct"; fail=1; }
  [[ $pending == 0 ]] || { echo "FAIL: sender $n reports '$pending' pending"; fail=1; }
done
rows=$(sql "SELECT state || ' ' || count(*) FROM deliveries GROUP BY state ORDER BY state" | tr '\n' ',')
echo "ledger: $rows digest $(sql "SELECT state FROM digests"), claims per row: $(sql "SELECT attempts || 'x ' || count(*) FROM deliveries GROUP BY attempts ORDER BY attempts" | tr '\n' ' ')"
[[ $rows == "sent $subscribers," ]] || { echo "FAIL: ledger rows are not all sent: $rows"; fail=1; }
[[ $(sql "SELECT count(*) FROM digests") == 1 ]] || { echo "FAIL: the three senders made more than one digest"; fail=1; }
[[ $(sql "SELECT state FROM digests") == done ]] || { echo "FAIL: the digest is not done"; fail=1; }
[[ $fail == 0 ]] && echo "OK"
exit $fail
