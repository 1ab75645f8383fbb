#!/usr/bin/env bash
# What a killed or contended upgrade leaves in a prefix, counted over many runs.
#
# A package of 2,000 files (version 4.2.0, then 4.3.0 with every file changed) is installed
# into a prefix; the user then changes 100 of the installed files and adds 2,000 files of
# their own. Three experiments, each on a fresh copy of that prefix:
#
#   kill   KILLS upgrades (default 160), each killed with SIGKILL at a random moment of its
#          run; then `alliance list` on the prefix (the next command, which finishes or
#          rolls back what a killed run left). Counts: prefix gone, user files lost or
#          changed, installed files neither all old nor all new ("mixed").
#   write  WRITES upgrades (default 80) while another process creates files in the prefix
#          and rewrites installed ones; counts the files it made that are gone after.
#   race   RACES pairs (default 70) of upgrades started together; counts pairs after which
#          a user file is missing, and runs that failed with anything but a clear message.
#
# usage: bench/upgrade-crash.sh          KILLS=40 WRITES=20 RACES=20 bench/upgrade-crash.sh
# ALLIANCE=path/to/alliance counts another build of the tool. Needs python3 and coreutils.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
kills=${KILLS:-160}
writes=${WRITES:-80}
races=${RACES:-70}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

if [ -z "${ALLIANCE:-}" ]; then
    cargo build --release --quiet --manifest-path "$repo/Cargo.toml"
    ALLIANCE=$repo/target/release/alliance
fi
export XDG_CONFIG_HOME=$work/config NO_COLOR=1 ALLIANCE_KEY_PASSWORD=bench

ws=$work/ws
mkdir -p "$ws/packages"
cp -r "$repo/alliance.yaml" "$repo/locales" "$repo/templates" "$ws/"
cp -r "$repo/packages/ledgerline" "$ws/packages/"
(cd "$ws" && "$ALLIANCE" keygen bench >/dev/null 2>&1)
key=$ws/keys/bench.pub
export ALLIANCE_SECRET_KEY=$XDG_CONFIG_HOME/alliance/keys/bench.key
many() { # VERSION: writes 2,000 files of the package, each naming the version
    python3 - "$ws/packages/ledgerline/files/data/many" "$1" <<'PY'
import os, sys
root, version = sys.argv[1], sys.argv[2]
for i in range(2000):
    d = os.path.join(root, f"d{i // 100:02}")
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, f"f{i:04}.txt"), "w") as f:
        f.write(f"file {i} of version {version}\n" * 20)
PY
}
many 4.2.0
(cd "$ws" && "$ALLIANCE" release >/dev/null)
sed -i -e 's/^release: .*/release: "1995.09"/' "$ws/alliance.yaml"
sed -i -e 's/^version: .*/version: 4.3.0/' "$ws/packages/ledgerline/package.yaml"
many 4.3.0
(cd "$ws" && "$ALLIANCE" release >/dev/null)
old=$ws/dist/1995.08/ledgerline-4.2.0.zip
new=$ws/dist/1995.09/ledgerline-4.3.0.zip

template=$work/template
"$ALLIANCE" install "$old" --prefix "$template" --key "$key" >/dev/null
python3 - "$template" <<'PY'
import os, sys
root = sys.argv[1]
for i in range(0, 2000, 20):
    p = os.path.join(root, "data/many", f"d{i // 100:02}", f"f{i:04}.txt")
    with open(p, "w") as f:
        f.write(f"changed by the user {i}\n")
for i in range(2000):
    d = os.path.join(root, "mine", f"u{i // 100:02}")
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, f"u{i:04}.txt"), "w") as f:
        f.write(f"the user's own {i}\n")
PY
# The user's files: what must be there, unchanged, after anything.
(cd "$template" && find mine -type f -exec sha256sum {} + && for i in $(seq 0 20 1999); do
    printf 'data/many/d%02d/f%04d.txt\n' $((i / 100)) "$i"; done | xargs sha256sum) \
    | sort -k2 > "$work/users.sha256"

users_intact() { # PREFIX
    [ -d "$1" ] && (cd "$1" && sha256sum --quiet -c "$work/users.sha256" >/dev/null 2>&1)
}
# Installed files all of one version: prints old, new or mixed.
version_of() { # PREFIX
    python3 - "$1" <<'PY'
import os, sys
root, seen = sys.argv[1], set()
for i in range(2000):
    if i % 20 == 0:
        continue
    p = os.path.join(root, "data/many", f"d{i // 100:02}", f"f{i:04}.txt")
    try:
        text = open(p).read()
    except OSError:
        seen.add("missing")
        continue
    seen.add("old" if "4.2.0" in text else "new" if "4.3.0" in text else "other")
print(seen.pop() if len(seen) == 1 else "mixed")
PY
}

start=$(date +%s%N)
cp -a "$template" "$work/timing"
"$ALLIANCE" install "$new" --prefix "$work/timing" --key "$key" >/dev/null
span_ms=$(( ($(date +%s%N) - start) / 1000000 ))
echo "one upgrade of 2,000 files over 2,000 of the user's: ${span_ms} ms"

gone=0; lost=0; mixed=0; olds=0; news=0
for run in $(seq 1 "$kills"); do
    p=$work/k
    rm -rf "$p" "$work"/.alliance-*; cp -a "$template" "$p"
    "$ALLIANCE" install "$new" --prefix "$p" --key "$key" >/dev/null 2>&1 &
    pid=$!
    sleep "$(python3 -c "import random; print(random.uniform(0, $span_ms / 1000))")"
    kill -9 "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
    "$ALLIANCE" list --prefix "$p" >/dev/null 2>&1 || true
    if [ ! -d "$p" ]; then gone=$((gone + 1)); continue; fi
    users_intact "$p" || lost=$((lost + 1))
    case $(version_of "$p") in
        old) olds=$((olds + 1)) ;; new) news=$((news + 1)) ;; *) mixed=$((mixed + 1)) ;;
    esac
done
echo "kill:  $kills upgrades killed at random: prefix gone $gone, user files lost or changed $lost, mixed $mixed (old $olds, new $news)"

deleted=0; made=0
for run in $(seq 1 "$writes"); do
    p=$work/w
    rm -rf "$p" "$work"/.alliance-*; cp -a "$template" "$p"
    "$ALLIANCE" install "$new" --prefix "$p" --key "$key" >/dev/null 2>&1 &
    pid=$!
    n=0
    while kill -0 "$pid" 2>/dev/null; do
        { mkdir -p "$p/log" && echo "line $n" > "$p/log/run-$n.log"; } 2>/dev/null && n=$((n + 1))
        sleep 0.01
    done
    wait "$pid" 2>/dev/null || true
    made=$((made + n))
    for i in $(seq 0 $((n - 1))); do [ -f "$p/log/run-$i.log" ] || deleted=$((deleted + 1)); done
done
echo "write: $writes upgrades while another process wrote $made files into the prefix: $deleted deleted"

hidden=0; raw=0
for run in $(seq 1 "$races"); do
    p=$work/r
    rm -rf "$p" "$work"/.alliance-*; cp -a "$template" "$p"
    "$ALLIANCE" install "$new" --prefix "$p" --key "$key" >/dev/null 2>"$work/e1" &
    a=$!
    "$ALLIANCE" install "$new" --prefix "$p" --key "$key" >/dev/null 2>"$work/e2" &
    b=$!
    wait "$a" || true; wait "$b" || true
    users_intact "$p" || hidden=$((hidden + 1))
    grep -q "os error" "$work/e1" "$work/e2" && raw=$((raw + 1)) || true
done
echo "race:  $races pairs of concurrent upgrades: user files missing after $hidden, a raw OS error in $raw"
