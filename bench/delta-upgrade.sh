#!/usr/bin/env bash
# Delta upgrades: bytes and time of `alliance upgrade` fetching only the parts of a new
# installer the prefix lacks, against the same upgrade with `--full`, over HTTP on this
# machine (bench/range_server.py, a static server that answers ranges).
#
# A package of 2,000 files of 100 KiB each (incompressible: a 200 MB installer) is
# released as 4.2.0 and installed; then, for CHANGED files (default 1, 10 and 100)
# changed in a new release, each upgrade runs on a fresh copy of that install.
#
# usage: bench/delta-upgrade.sh     CHANGED="1 10 100" RUNS=3 bench/delta-upgrade.sh
# ALLIANCE=path/to/alliance measures another build. Needs python3 and GNU time.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
runs=${RUNS:-3}
source "$repo/bench/common.sh"
bench_start delta-upgrade.sh python3 /usr/bin/time
export XDG_CONFIG_HOME=$work/config NO_COLOR=1 ALLIANCE_KEY_PASSWORD=bench

ws=$work/ws
mkdir -p "$ws/packages"
cp -r "$repo/alliance.yaml" "$repo/locales" "$repo/templates" "$ws/"
cp -r "$repo/packages/ledgerline" "$ws/packages/"
(cd "$ws" && "$ALLIANCE" keygen bench >/dev/null 2>&1)
key=$ws/keys/bench.pub
export ALLIANCE_SECRET_KEY=$XDG_CONFIG_HOME/alliance/keys/bench.key
files() { # CHANGED: the 2,000 files, the first CHANGED of them with new contents
    python3 - "$ws/packages/ledgerline/files/data" "$1" <<'PY'
import os, random, sys
root, changed = sys.argv[1], int(sys.argv[2])
for i in range(2000):
    d = os.path.join(root, f"d{i // 100:02}")
    os.makedirs(d, exist_ok=True)
    seed = i + 1_000_000 * changed if i < changed else i
    with open(os.path.join(d, f"f{i:04}.bin"), "wb") as f:
        f.write(random.Random(seed).randbytes(100 << 10))
PY
}
release() { # NAME VERSION CHANGED
    sed -i -e "s/^release: .*/release: \"$1\"/" "$ws/alliance.yaml"
    sed -i -e "s/^version: .*/version: $2/" "$ws/packages/ledgerline/package.yaml"
    files "$3"
    (cd "$ws" && "$ALLIANCE" release >/dev/null 2>&1)
}
release 1995.08 4.2.0 0

port=$((20000 + RANDOM % 20000))
log=$work/served.log
python3 "$repo/bench/range_server.py" "$ws/dist" "$port" "$log" &
server=$!
trap 'kill $server 2>/dev/null; rm -rf "$work"' EXIT
for _ in $(seq 50); do
    python3 -c "import socket; socket.create_connection(('127.0.0.1', $port))" 2>/dev/null && break
    sleep 0.1
done
url=http://127.0.0.1:$port
template=$work/template
"$ALLIANCE" install ledgerline --from "$url/1995.08" --prefix "$template" --key "$key" \
    >/dev/null 2>&1

served() { # PATH: bytes the server sent for PATH so far
    awk -v p="$1" '$1 == p { n += $2 } END { print n + 0 }' "$log" 2>/dev/null || echo 0
}

echo "installer of 2,000 files of 100 KiB; each row the fastest of $runs upgrades from 4.2.0"
printf '%-8s %-22s %-22s %s\n' changed "delta: fetched, time" "--full: fetched, time" "delta's share"
n=0
for changed in ${CHANGED:-1 10 100}; do
    n=$((n + 1))
    name=$(printf '1995.%02d' $((8 + n)))
    release "$name" "4.3.$changed" "$changed"
    zip=$(cd "$ws/dist/$name" && ls ledgerline-*.zip)
    size=$(stat -c %s "$ws/dist/$name/$zip")
    row=()
    for mode in delta full; do
        extra=()
        [ "$mode" = full ] && extra=(--full)
        best="" bytes=0
        for _ in $(seq "$runs"); do
            rm -rf "$work/p" && cp -a "$template" "$work/p"
            before=$(served "/$name/$zip")
            start=$(date +%s.%N)
            "$ALLIANCE" upgrade --prefix "$work/p" --from "$url/$name" --key "$key" "${extra[@]}" \
                >/dev/null 2>&1
            seconds=$(awk -v a="$start" -v b="$(date +%s.%N)" 'BEGIN { print b - a }')
            bytes=$(( $(served "/$name/$zip") - before ))
            if [ -z "$best" ] || awk -v a="$seconds" -v b="$best" 'BEGIN { exit !(a < b) }'; then
                best=$seconds
            fi
        done
        row+=("$(printf '%s B, %.2f s' "$bytes" "$best")")
        [ "$mode" = delta ] && delta_bytes=$bytes
    done
    share=$(awk -v a="$delta_bytes" -v b="$size" 'BEGIN { printf "%.2f", 100 * a / b }')
    printf '%-8s %-22s %-22s %s%% of %s B\n' "$changed" "${row[0]}" "${row[1]}" "$share" "$size"
done
