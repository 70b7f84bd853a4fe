#!/usr/bin/env bash
# Newsletter throughput: `barometer send` delivering N personalized digests (default 100,000) into
# Postfix's smtp-sink on loopback, vs Postfix's smtp-source sending N messages of the same size
# into the same sink, same run, same number of connections. Prints msgs/s and the ratio (goal
# >= 0.7, PRODUCT.md "Quality bars"); appends a row to bench/out/results.md.
# Then a second figure with DKIM (an RSA-2048 signature per message; smtp-source sends unsigned
# messages, so only the first figure compares like with like): DKIM_MESSAGES digests (default
# 20,000, 0 = skip) of a copy of the same site, against the same smtp-source rate.
# Both rates swing by +-20 % from one run to the next on a 2-core VM (smtp-source too), so the
# comparison is made ROUNDS times (default 3): each round sends the digest to all N subscribers
# of a fresh copy of the site, then runs smtp-source; the ratio printed is median(barometer) /
# median(smtp-source), with every round's figures beside it.
# Environment: BAROMETER_BIN (default build/barometer), MESSAGES (default 100000), CONCURRENCY
# (connections for both, default 4), BATCH (send_batch, default 50), DKIM_MESSAGES (default 20000),
# ROUNDS (default 3).
set -euo pipefail
cd "$(dirname "$0")/.."
binary=${BAROMETER_BIN:-build/barometer}
messages=${MESSAGES:-100000}
concurrency=${CONCURRENCY:-4}
batch=${BATCH:-50}
dkim_messages=${DKIM_MESSAGES:-20000}
rounds=${ROUNDS:-3}
sink=/usr/sbin/smtp-sink
source_bin=/usr/sbin/smtp-source
[[ -x $binary ]] || { echo "bench: $binary not found (build it, or set BAROMETER_BIN)" >&2; exit 1; }
[[ -x $sink && -x $source_bin ]] || { echo "bench: smtp-sink/smtp-source missing (Debian package postfix)" >&2; exit 1; }
out=bench/out
mkdir -p "$out"
work=$(mktemp -d)
chmod 777 "$work"
cleanup() {
  [[ -n ${sink_pid:-} ]] && kill "$sink_pid" 2>/dev/null
  [[ -n ${demo_pid:-} ]] && kill "$demo_pid" 2>/dev/null
  wait 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT
now() { date +%s.%N; }

# A demo site with two weeks. W08 goes to one subscriber through the Maildir first: its size is
# the message size for smtp-source. Then N confirmed subscribers get W09 through the sink.
"$binary" demo --data "$work/site" --listen 127.0.0.1:0 --first 2022-W08 --last 2022-W09 >"$work/demo.log" 2>&1 &
demo_pid=$!
for _ in $(seq 1 600); do grep -q "Listening on" "$work/demo.log" && break; sleep 0.2; done
kill "$demo_pid"; wait "$demo_pid" 2>/dev/null || true; demo_pid=""
sqlite3 "$work/site/barometer.db" \
  "INSERT INTO subscribers (email, lang, status, created_at) VALUES ('size@example.org', 'en', 'confirmed', 1)"
BAROMETER_SMTP_URL= "$binary" send --data "$work/site" --period 2022-W08 --lang en >"$work/size.log" 2>&1 \
  || { cat "$work/size.log"; exit 1; }
size=$(find "$work/site/maildir/new" -type f -printf '%s\n' | head -1)
sqlite3 "$work/site/barometer.db" <<SQL
BEGIN;
WITH RECURSIVE n(i) AS (SELECT 2 UNION ALL SELECT i + 1 FROM n WHERE i < $messages)
INSERT INTO subscribers (email, lang, status, created_at) SELECT 'reader' || i || '@example.org', 'en', 'confirmed', 1 FROM n;
COMMIT;
SQL
if ((dkim_messages > 0)); then
  cp -r "$work/site" "$work/site-dkim"
  sqlite3 "$work/site-dkim/barometer.db" "DELETE FROM subscribers WHERE id > (SELECT MIN(id) FROM subscribers) + $dkim_messages"
  openssl genrsa -out "$work/dkim.pem" 2048 2>/dev/null
fi

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
"$sink" -u nobody "127.0.0.1:$port" 1024 >"$work/sink.log" 2>&1 &
sink_pid=$!
sleep 0.5

export BAROMETER_SMTP_URL="smtp://127.0.0.1:$port" BAROMETER_MAIL_FROM="digest@barometer.example"
export BAROMETER_SEND_CONCURRENCY=$concurrency BAROMETER_SEND_BATCH=$batch BAROMETER_SEND_RATE=0
cp -r "$work/site" "$work/site-pristine"
median() { python3 -c 'import statistics, sys; print(round(statistics.median(map(float, sys.argv[1:]))))' "$@"; }
barometer_rates=() source_rates=()
for round in $(seq 1 "$rounds"); do
  rm -rf "$work/site" && cp -r "$work/site-pristine" "$work/site"
  start=$(now)
  "$binary" send --data "$work/site" --period 2022-W09 --lang en >"$work/send.log" 2>&1 || { cat "$work/send.log"; exit 1; }
  end=$(now)
  sent=$(sed -n 's/.*accepted \([0-9]*\),.*/\1/p' "$work/send.log" | tail -1)
  [[ $sent == "$messages" ]] || { echo "bench: round $round accepted $sent of $messages" >&2; cat "$work/send.log" >&2; exit 1; }
  barometer_rates+=("$(python3 -c "print(round($sent / ($end - $start)))")")

  start=$(now)
  "$source_bin" -d -s "$concurrency" -m "$messages" -l "$size" -f digest@barometer.example -t reader@example.org \
    "127.0.0.1:$port" >"$work/source.log" 2>&1
  end=$(now)
  source_rates+=("$(python3 -c "print(round($messages / ($end - $start)))")")
  echo "  round $round: barometer send ${barometer_rates[-1]} msg/s, smtp-source ${source_rates[-1]} msg/s"
done
barometer_rate=$(median "${barometer_rates[@]}")
source_rate=$(median "${source_rates[@]}")
ratio=$(python3 -c "print(round($barometer_rate / $source_rate, 2))")

load=$(cut -d' ' -f1-3 /proc/loadavg)
echo "newsletter: barometer send $barometer_rate msg/s (median of $rounds rounds of $messages digests), smtp-source" \
     "$source_rate msg/s (median, ${size}-byte messages), $concurrency connections, batch $batch: ratio $ratio" \
     "(goal >= 0.7); load average $load"
echo "| send | $messages digests × $rounds rounds, $concurrency connections, batch $batch | barometer $barometer_rate msg/s (${barometer_rates[*]}) | smtp-source $source_rate msg/s (${source_rates[*]}) | ratio $ratio | load $load |" >>"$out/results.md"

if ((dkim_messages > 0)); then
  start=$(now)
  BAROMETER_DKIM_KEY="$work/dkim.pem" BAROMETER_DKIM_DOMAIN=barometer.example \
    "$binary" send --data "$work/site-dkim" --period 2022-W09 --lang en >"$work/send-dkim.log" 2>&1 \
    || { cat "$work/send-dkim.log"; exit 1; }
  end=$(now)
  sent=$(sed -n 's/.*accepted \([0-9]*\),.*/\1/p' "$work/send-dkim.log" | tail -1)
  dkim_rate=$(python3 -c "print(round($sent / ($end - $start)))")
  dkim_ratio=$(python3 -c "print(round($dkim_rate / $source_rate, 2))")
  echo "newsletter with DKIM (rsa-sha256, 2048-bit): barometer send $dkim_rate msg/s ($sent digests): ratio $dkim_ratio" \
       "to unsigned smtp-source"
  echo "| send + DKIM | $sent digests, $concurrency connections | barometer $dkim_rate msg/s | smtp-source (unsigned) $source_rate msg/s | ratio $dkim_ratio |" >>"$out/results.md"
fi
