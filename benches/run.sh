#!/usr/bin/env bash
# Benchmarks `postaudit check FILE --format json >/dev/null` on generated
# exports of 10k, 100k and 1M records against the floor: reading the same
# file and parsing every record with the csv crate, nothing else.
#
# Usage: benches/run.sh [SIZES...]     (default: 10000 100000 1000000)
# Env:   RUNS=3 (best of), DATA=target/bench-data (where exports are written)
set -euo pipefail
cd "$(dirname "$0")/.."

RUNS=${RUNS:-3}
DATA=${DATA:-target/bench-data}
SIZES=("$@")
[ ${#SIZES[@]} -eq 0 ] && SIZES=(10000 100000 1000000)

cargo build --release --quiet --bin postaudit --example gen --example floor
BIN=target/release/postaudit
GEN=target/release/examples/gen
FLOOR=target/release/examples/floor
mkdir -p "$DATA"

# Runs "$@" RUNS times; prints "best_seconds max_rss_kb" (RSS of the best run).
measure() {
    local best="" rss="" t0 t1 secs
    for _ in $(seq "$RUNS"); do
        t0=$(date +%s%N)
        /usr/bin/time -f %M -o "$DATA/.rss" "$@" >/dev/null 2>"$DATA/.err" || {
            # postaudit exits 1 when it has findings at or above --fail-on.
            [ "$(tail -n1 "$DATA/.rss" 2>/dev/null)" != "" ] && grep -q "exited with non-zero status 1" "$DATA/.rss" || {
                echo "failed: $*" >&2; cat "$DATA/.err" >&2; exit 1; }
        }
        t1=$(date +%s%N)
        secs=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.4f", (b - a) / 1e9 }')
        if [ -z "$best" ] || awk -v s="$secs" -v b="$best" 'BEGIN { exit !(s < b) }'; then
            best=$secs
            rss=$(tail -n1 "$DATA/.rss")
        fi
    done
    echo "$best $rss"
}

printf '%-9s %8s | %8s %8s | %8s %6s %12s %8s %9s\n' \
    records MB floor_s floor_MB audit_s ratio records/s MB/s peak_MB
for n in "${SIZES[@]}"; do
    file="$DATA/export-$n.csv"
    [ -s "$file" ] || "$GEN" "$n" "$file"
    mb=$(awk -v b="$(stat -c %s "$file")" 'BEGIN { printf "%.1f", b / 1e6 }')
    read -r floor frss < <(measure "$FLOOR" "$file")
    read -r audit arss < <(measure "$BIN" check "$file" --format json)
    awk -v n="$n" -v mb="$mb" -v f="$floor" -v fr="$frss" -v a="$audit" -v ar="$arss" 'BEGIN {
        printf "%-9d %8.1f | %8.3f %8.0f | %8.3f %5.2fx %12.0f %8.1f %9.0f\n",
            n, mb, f, fr / 1024, a, a / f, n / a, mb / a, ar / 1024 }'
done
