#!/usr/bin/env bash
# Benchmarks one huge text field: a CSV export whose single brand post is
# SIZE bytes of words, emoji, accented letters, hashtags, mentions and links,
# audited by each rule family alone (`--select X`). Linear work shows as a
# time ten times larger for a field ten times larger.
#
# Usage: benches/field.sh [SIZES...]   (default: 1000000 10000000 bytes)
# Env:   DATA=target/bench-data (where the files are written)
set -euo pipefail
cd "$(dirname "$0")/.."

DATA=${DATA:-target/bench-data}
SIZES=("$@")
[ ${#SIZES[@]} -eq 0 ] && SIZES=(1000000 10000000)
FAMILIES=(D P R A S C V F)

cargo build --release --quiet --bin postaudit
BIN=target/release/postaudit
mkdir -p "$DATA"

# One record of SIZE bytes, then a comment, so that the file is an export.
field() {
    local size=$1 file=$2
    awk -v size="$size" 'BEGIN {
        split("coffee great 🙂 café hello world thanks #brew @maya https://x.example/a sale we our you ? !", w, " ")
        n = length(w); srand(1)
        printf "id,author,text\n1,brand,\""
        for (len = 0; len < size; ) { s = w[int(rand() * n) + 1]; printf "%s ", s; len += length(s) + 1 }
        printf "\"\n2,fan,hi @brand?\n"
    }' > "$file"
}

printf '%-10s' bytes
for f in "${FAMILIES[@]}"; do printf ' %7s' "$f"; done
printf ' %7s\n' all
for size in "${SIZES[@]}"; do
    file="$DATA/field-$size.csv"
    [ -s "$file" ] || field "$size" "$file"
    printf '%-10s' "$size"
    for f in "${FAMILIES[@]}" all; do
        sel=(--select "$f"); [ "$f" = all ] && sel=()
        /usr/bin/time -f "%U %S" -o "$DATA/.field" "$BIN" check "$file" "${sel[@]}" \
            --format json --fail-on never --no-progress >/dev/null
        read -r u s < "$DATA/.field"
        printf ' %7.2f' "$(awk -v u="$u" -v s="$s" 'BEGIN { print u + s }')"
    done
    printf '\n'
done
echo "(CPU seconds, user + system, per family alone and with every rule)"
