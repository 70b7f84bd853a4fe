#!/usr/bin/env bash
# Newsletter throughput: `barometer send` delivering N personalized digests (default 100,000) into
# Postfix's smtp-sink on loopback, vs Postfix's smtp-source sending N messages of the same size
# into the same sink, same run, same number of connections. Goal (PRODUCT.md, issue 15 item 4):
# median(barometer) / median(smtp-source) >= 0.7.
# Then DKIM (issue 15 item 5): DKIM_MESSAGES digests (default 20,000, 0 = skip) of a copy of the
# site, each signed rsa-sha256 with a 2048-bit key. Goal: signed rate >= 0.4 x the unsigned
# smtp-source rate of the same run, or, where RSA signatures alone cannot go that fast on the
# machine, >= 0.7 x the signing rate `openssl speed -multi 2 rsa2048` reports in the same run
# (both printed).
# Both rates swing by +-20 % from one run to the next on a 2-core VM shared with others
# (smtp-source too), so the comparison is made ROUNDS times (default 5): each round sends the digest
# to all N subscribers of a fresh copy of the site, runs smtp-source, then the signed send; the
# load average is recorded at the end of each round, and the ratios are of the medians.
# Prints the figures beside their goals and appends rows to bench/out/results.md.
# Environment: BAROMETER_BIN (default build/barometer), MESSAGES (default 100000), CONCURRENCY
# (connections for both, default 4), BATCH (send_batch, default 50), DKIM_MESSAGES (default 20000),
# ROUNDS (default 5).
set -euo pipefail
cd "$(dirname "$0")/.."
binary=${BAROMETER_BIN:-build/barometer}
messages=${MESSAGES:-100000}
concurrency=${CONCURRENCY:-4}
batch=${BATCH:-50}
dkim_messages=${DKIM_MESSAGES:-20000}
rounds=${ROUNDS:-5}
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
  # The digests a signed round sends (size@example.org, who got W08, gets W09 too).
  dkim_count=$(sqlite3 "$work/site-dkim/barometer.db" "SELECT COUNT(*) FROM subscribers WHERE status = 'confirmed'")
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
load() { cut -d' ' -f1-3 /proc/loadavg; }
# `barometer send` of the W09 digest on a fresh copy of $1; echoes msgs/s. Extra environment in $2.
send_round() {
  rm -rf "$work/round" && cp -r "$1" "$work/round"
  local expected=$3 start end sent
  start=$(now)
  env $2 "$binary" send --data "$work/round" --period 2022-W09 --lang en >"$work/send.log" 2>&1 \
    || { cat "$work/send.log" >&2; exit 1; }
  end=$(now)
  sent=$(sed -n 's/.*accepted \([0-9]*\),.*/\1/p' "$work/send.log" | tail -1)
  [[ $sent == "$expected" ]] || { echo "bench: accepted $sent of $expected" >&2; cat "$work/send.log" >&2; exit 1; }
  python3 -c "print(round($sent / ($end - $start)))"
}
dkim_env="BAROMETER_DKIM_KEY=$work/dkim.pem BAROMETER_DKIM_DOMAIN=barometer.example"
barometer_rates=() source_rates=() dkim_rates=() loads=()
for round in $(seq 1 "$rounds"); do
  rate=$(send_round "$work/site-pristine" "" "$messages")
  barometer_rates+=("$rate")

  start=$(now)
  "$source_bin" -d -s "$concurrency" -m "$messages" -l "$size" -f digest@barometer.example -t reader@example.org \
    "127.0.0.1:$port" >"$work/source.log" 2>&1
  end=$(now)
  source_rates+=("$(python3 -c "print(round($messages / ($end - $start)))")")
  line="  round $round: barometer send ${barometer_rates[-1]} msg/s, smtp-source ${source_rates[-1]} msg/s"
  if ((dkim_messages > 0)); then
    rate=$(send_round "$work/site-dkim" "$dkim_env" "$dkim_count")
    dkim_rates+=("$rate")
    line+=", signed send ${dkim_rates[-1]} msg/s"
  fi
  loads+=("$(load)")
  echo "$line; load average ${loads[-1]}"
done
barometer_rate=$(median "${barometer_rates[@]}")
source_rate=$(median "${source_rates[@]}")
ratio=$(python3 -c "print(round($barometer_rate / $source_rate, 2))")
met() { python3 -c "print('met' if $1 >= $2 else 'NOT met')"; }

echo "newsletter: barometer send $barometer_rate msg/s (median of $rounds rounds of $messages digests), smtp-source" \
     "$source_rate msg/s (median, ${size}-byte messages), $concurrency connections, batch $batch:" \
     "ratio $ratio (goal >= 0.7: $(met "$ratio" 0.7))"
rounds_text=""
for i in "${!barometer_rates[@]}"; do rounds_text+="${barometer_rates[$i]}/${source_rates[$i]} (load ${loads[$i]}); "; done
echo "| send | $messages digests × $rounds rounds, $concurrency connections, batch $batch | barometer $barometer_rate msg/s | smtp-source $source_rate msg/s | ratio $ratio (goal 0.7) | rounds: $rounds_text|" >>"$out/results.md"

if ((dkim_messages > 0)); then
  dkim_rate=$(median "${dkim_rates[@]}")
  dkim_ratio=$(python3 -c "print(round($dkim_rate / $source_rate, 2))")
  # The machine's own RSA-2048 signing rate on both cores, now: the ceiling of any signer here.
  openssl speed -multi 2 -seconds 5 rsa2048 >"$work/speed.log" 2>/dev/null
  speed=$(awk '$1 == "rsa" && $2 == "2048" && $3 == "bits" { v = $(NF - 1) } END { printf "%d", v }' "$work/speed.log")
  speed_ratio=$(python3 -c "print(round($dkim_rate / $speed, 2))")
  echo "newsletter with DKIM (rsa-sha256, 2048-bit): barometer send $dkim_rate msg/s (median of $rounds rounds of" \
       "$dkim_count digests): ratio $dkim_ratio to unsigned smtp-source (goal >= 0.4: $(met "$dkim_ratio" 0.4));" \
       "openssl speed -multi 2 rsa2048: $speed sign/s, ratio $speed_ratio (goal >= 0.7 when 0.4 is out of reach:" \
       "$(met "$speed_ratio" 0.7)); load average $(load)"
  echo "| send + DKIM | $dkim_count digests × $rounds rounds, $concurrency connections | barometer $dkim_rate msg/s (${dkim_rates[*]}) | smtp-source (unsigned) $source_rate msg/s: ratio $dkim_ratio (goal 0.4) | openssl speed -multi 2 rsa2048 $speed sign/s: ratio $speed_ratio (goal 0.7) | load $(load) |" >>"$out/results.md"
fi
