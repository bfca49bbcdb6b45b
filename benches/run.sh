#!/usr/bin/env bash
# Benchmarks `postaudit check FILE --format json >/dev/null` on generated
# exports of 10k, 100k and 1M records against the floor: reading the same
# file and parsing every record with the csv crate, nothing else, then the
# stages of the largest export's audit (-v). A second table times streamed ndjson with only record-local rules; a third, exports
# of extreme shapes (benches/shapes.rs); a fourth, X/Twitter archives; a
# fifth, the bundled small fixtures (the time to start up).
#
# Usage: benches/run.sh [SIZES...]     (default: 10000 100000 1000000)
# Env:   RUNS=3 (best of), DATA=target/bench-data (where exports are written),
#        SMALL_RUNS=30 (runs of each small fixture)
set -euo pipefail
cd "$(dirname "$0")/.."

RUNS=${RUNS:-3}
DATA=${DATA:-target/bench-data}
SIZES=("$@")
[ ${#SIZES[@]} -eq 0 ] && SIZES=(10000 100000 1000000)

cargo build --release --quiet --bin postaudit --example gen --example floor --example shapes
BIN=target/release/postaudit
GEN=target/release/examples/gen
FLOOR=target/release/examples/floor
SHAPES=target/release/examples/shapes
mkdir -p "$DATA"

# Runs "$@" RUNS times; prints "best_wall_seconds cpu_seconds max_rss_kb"
# (CPU time, user + system, and peak RSS of the run with the best wall time).
measure() {
    local best="" rss="" cpu="" t0 t1 secs
    for _ in $(seq "$RUNS"); do
        t0=$(date +%s%N)
        /usr/bin/time -f "%U %S %M" -o "$DATA/.rss" "$@" >/dev/null 2>"$DATA/.err" || {
            # postaudit exits 1 when it has findings at or above --fail-on.
            [ "$(tail -n1 "$DATA/.rss" 2>/dev/null)" != "" ] && grep -q "exited with non-zero status 1" "$DATA/.rss" || {
                echo "failed: $*" >&2; cat "$DATA/.err" >&2; exit 1; }
        }
        t1=$(date +%s%N)
        secs=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.4f", (b - a) / 1e9 }')
        if [ -z "$best" ] || awk -v s="$secs" -v b="$best" 'BEGIN { exit !(s < b) }'; then
            best=$secs
            read -r user sys rss < <(tail -n1 "$DATA/.rss")
            cpu=$(awk -v u="$user" -v s="$sys" 'BEGIN { printf "%.2f", u + s }')
        fi
    done
    echo "$best $cpu $rss"
}

echo "wall: best of $RUNS; cpu: user+system seconds of that run; load now: $(cut -d' ' -f1-3 /proc/loadavg)"
printf '%-8s %6s | %7s %6s %6s | %7s %6s %7s %7s %10s %7s %7s\n' \
    records MB floor_s cpu_s MB_rss audit_s cpu_s ratio cpu_rat records/s MB/s MB_rss
for n in "${SIZES[@]}"; do
    file="$DATA/export-$n.csv"
    [ -s "$file" ] || "$GEN" "$n" "$file"
    mb=$(awk -v b="$(stat -L -c %s "$file")" 'BEGIN { printf "%.1f", b / 1e6 }')
    read -r floor fcpu frss < <(measure "$FLOOR" "$file")
    read -r audit acpu arss < <(measure "$BIN" check "$file" --format json)
    awk -v n="$n" -v mb="$mb" -v f="$floor" -v fc="$fcpu" -v fr="$frss" \
        -v a="$audit" -v ac="$acpu" -v ar="$arss" 'BEGIN {
        cr = fc > 0 ? sprintf("%6.2fx", ac / fc) : "      -"
        printf "%-8d %6.1f | %7.3f %6.2f %6.0f | %7.3f %6.2f %6.2fx %s %10.0f %7.1f %7.0f\n",
            n, mb, f, fc, fr / 1024, a, ac, a / f, cr, n / a, mb / a, ar / 1024 }'
done

# Where the largest export's audit spends its time: one more run with -v,
# whose last line times each stage (reading, linking, checking, scoring,
# writing the report), against one more run of the floor.
largest="$DATA/export-${SIZES[-1]}.csv"
read -r floor _ _ < <(RUNS=1 measure "$FLOOR" "$largest")
echo
echo "stages of one audit of $largest (-v), floor ${floor} s:"
"$BIN" check "$largest" --format json -v 2>&1 >/dev/null | tail -n1 || true

# Streamed ndjson: only record-local rules, read a chunk at a time (see
# src/stream.rs), against the same rules with the whole input loaded
# (--no-stream). Memory should stay flat as the records grow.
LOCAL=D001,P002,P003,P004,A002,A004,A005,A006,A007,V001,V002,F001,F002,F003,F004
echo
echo "ndjson, record-local rules only: streamed vs --no-stream"
printf '%-8s %6s | %8s %6s %10s %7s | %8s %6s %7s\n' \
    records MB stream_s cpu_s records/s MB_rss whole_s cpu_s MB_rss
for n in "${SIZES[@]}"; do
    file="$DATA/export-$n.csv"
    mb=$(awk -v b="$(stat -L -c %s "$file")" 'BEGIN { printf "%.1f", b / 1e6 }')
    read -r st scpu srss < <(measure "$BIN" check "$file" --format ndjson --select "$LOCAL")
    read -r wt wcpu wrss < <(measure "$BIN" check "$file" --format ndjson --select "$LOCAL" --no-stream)
    awk -v n="$n" -v mb="$mb" -v st="$st" -v sc="$scpu" -v sr="$srss" \
        -v wt="$wt" -v wc="$wcpu" -v wr="$wrss" 'BEGIN {
        printf "%-8d %6.1f | %8.3f %6.2f %10.0f %7.0f | %8.3f %6.2f %7.0f\n",
            n, mb, st, sc, n / st, sr / 1024, wt, wc, wr / 1024 }'
done

# Extreme shapes (benches/shapes.rs): records piled up in one place (one
# time, one thread, one reply chain, one text, one id, no times), where a
# rule that compares each record with its neighbours could grow with the
# square of the input. Every rule, JSON report; the time should grow about
# tenfold from one size to the next.
echo
echo "extreme shapes: wall seconds (best of $RUNS) and peak MB, every rule"
printf '%-8s' shape
for n in "${SIZES[@]}"; do printf ' | %9s %7s' "${n}_s" MB_rss; done
echo
for shape in bulk thread chain same same-id no-time; do
    printf '%-8s' "$shape"
    for n in "${SIZES[@]}"; do
        file="$DATA/shape-$shape-$n.csv"
        [ -s "$file" ] || "$SHAPES" "$shape" "$n" "$file"
        read -r secs _ rss < <(measure "$BIN" check "$file" --format json)
        awk -v s="$secs" -v r="$rss" 'BEGIN { printf " | %9.3f %7.0f", s, r / 1024 }'
    done
    echo
done

# X/Twitter archives (gen --format twitter: each record one of the owner's
# tweets, as an archive writes it, about 900 bytes each): tweets.js read
# from the file a block of tweets at a time, against the same file from
# standard input (copied to a temporary file as it comes, then read the
# same way). Every rule, JSON report.
echo
echo "X archive tweets.js: from the file vs from standard input (copied first), a block at a time"
printf '%-8s %7s | %7s %10s %7s | %7s %7s\n' tweets MB file_s tweets/s MB_rss stdin_s MB_rss
for n in "${SIZES[@]}"; do
    file="$DATA/tweets-$n.js"
    [ -s "$file" ] || "$GEN" "$n" "$file" --format twitter
    mb=$(awk -v b="$(stat -L -c %s "$file")" 'BEGIN { printf "%.1f", b / 1e6 }')
    read -r ft _ frss < <(measure "$BIN" check "$file" --format json)
    read -r wt _ wrss < <(measure bash -c 'exec "$0" check - --input-format twitter-archive --format json <"$1"' "$BIN" "$file")
    awk -v n="$n" -v mb="$mb" -v ft="$ft" -v fr="$frss" -v wt="$wt" -v wr="$wrss" 'BEGIN {
        printf "%-8d %7.1f | %7.3f %10.0f %7.0f | %7.3f %7.0f\n", n, mb, ft, n / ft, fr / 1024, wt, wr / 1024 }'
done

# Small inputs: a calendar or an account's export of a few dozen records,
# where building the rules' patterns is most of the time taken (see
# src/prebuild.rs). Wall time over SMALL_RUNS runs, in milliseconds.
SMALL_RUNS=${SMALL_RUNS:-30}
echo
echo "small inputs: wall ms over $SMALL_RUNS runs"
printf '%-32s %6s %9s %7s\n' input lines median_ms min_ms
for file in fixtures/calendar.csv fixtures/larkspur.csv fixtures/realistic-brand.csv; do
    times=()
    for _ in $(seq "$SMALL_RUNS"); do
        t0=$(date +%s%N)
        "$BIN" check --isolated "$file" >/dev/null 2>&1 || true
        t1=$(date +%s%N)
        times+=($(( (t1 - t0) / 1000 )))
    done
    lines=$(wc -l <"$file")
    printf '%s\n' "${times[@]}" | sort -n | awk -v f="$file" -v r="$lines" '
        { v[NR] = $1 } END {
        m = NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
        printf "%-32s %6d %9.1f %7.1f\n", f, r, m / 1000, v[1] / 1000 }'
done
