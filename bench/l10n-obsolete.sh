#!/usr/bin/env bash
# Benchmark of `alliance l10n check` on a locale full of obsolete messages (issue
# "coverage means one thing everywhere", item 11): the time must grow linearly with the
# number of findings. For N = 5,000, 10,000, 20,000 and 40,000 it writes a workspace whose
# reference has 10 messages and whose `de` has those 10 plus N messages the reference does
# not have (N `obsolete-message` findings in one file), then times `l10n check` (text
# output, as translators run it) with hyperfine when installed, else with /usr/bin/time,
# and measures the peak memory of one run with `/usr/bin/time -v`.
#
# usage: bench/l10n-obsolete.sh [N…]
# environment: BIN=path/to/alliance (default: a release build of this checkout),
#              RUNS=3 (runs per N), WARMUP=1, FORMAT=text|json
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
runs=${RUNS:-3}
format=${FORMAT:-text}
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(5000 10000 20000 40000)

if [ -z "${BIN:-}" ]; then
    cargo build --release --quiet --manifest-path "$repo/Cargo.toml"
    BIN=${CARGO_TARGET_DIR:-$repo/target}/release/alliance
fi
echo "machine: $(nproc) cores, $(uname -m); $("$BIN" --version); output: $format"

workspace() {
    local dir=$1 n=$2
    mkdir -p "$dir/locales/en-US" "$dir/locales/de"
    printf 'release: "bench"\nreference_locale: en-US\n' > "$dir/alliance.yaml"
    for i in $(seq 1 10); do echo "kept-$i = Message $i for { \$name }"; done > "$dir/locales/en-US/app.ftl"
    {
        for i in $(seq 1 10); do echo "kept-$i = Nachricht $i für { \$name }"; done
        awk -v n="$n" 'BEGIN { for (i = 1; i <= n; i++) printf "obsolete-%05d = Veraltete Nachricht Nummer %d\n", i, i }'
    } > "$dir/locales/de/app.ftl"
}

for n in "${sizes[@]}"; do
    dir=$work/n$n
    workspace "$dir" "$n"
    echo "N = $n obsolete messages ($(wc -c < "$dir/locales/de/app.ftl") bytes):"
    if command -v hyperfine >/dev/null; then
        hyperfine --style basic --warmup "${WARMUP:-1}" --runs "$runs" --ignore-failure -n "l10n check, N = $n" \
            "cd '$dir' && '$BIN' l10n check --format $format > /dev/null"
    else
        for _ in $(seq 1 "$runs"); do
            ( cd "$dir" && /usr/bin/time -f "  %e s wall, %U s user" "$BIN" l10n check --format "$format" >/dev/null ) 2>&1 | tail -1
        done
    fi
    ( cd "$dir" && /usr/bin/time -v "$BIN" l10n check --format "$format" >/dev/null ) 2>&1 \
        | awk '/Elapsed \(wall clock\)/ { wall = $NF } /Maximum resident set size/ { rss = $NF }
               END { printf "  one run: %s wall, peak RSS %.1f MB\n", wall, rss / 1024 }'
done
