#!/usr/bin/env bash
# `alliance package` against what a vendor would otherwise script: `zip -r` + `sha256sum` +
# `minisign -S`, and `zip -0` (no compression: the floor for writing the bytes at all).
# Then the same `alliance package` again with nothing changed (warm), and `alliance verify`
# of the installer against `sha256sum` of the same file.
#
# The payload is generated, byte for byte the same on every run (a seeded generator):
#   100 MB of log-like text, 96 MB of random binaries (12 files), 2,000 small text files
#   (about 8 MB): 204 MB in 2,026 files at SCALE=1. SCALE=2 doubles every part.
#
# Each command runs RUNS times (default 3); the table shows the fastest wall time and the
# largest peak RSS (from /usr/bin/time), the output's size, and each time as a ratio of
# alliance's. The same payload is also packed as a Debian package, against `dpkg-deb --build`.
# Needs zip, minisign, sha256sum, dpkg-deb, python3 and GNU time.
#
# PAYLOAD=vendor runs bench/vendor-tree.sh instead: a vendor's real tree (90,000 small files
# and a 1.2 GB file), with the one-file-changed, nothing-changed, verify and install rows.
#
# usage: bench/package.sh            SCALE=2 RUNS=5 bench/package.sh     PAYLOAD=vendor bench/package.sh
# ALLIANCE=path/to/alliance times another build of the tool.
set -euo pipefail
if [ "${PAYLOAD:-mixed}" = vendor ]; then
    exec "$(dirname "$0")/vendor-tree.sh"
fi
scale=${SCALE:-1}
runs=${RUNS:-3}
# shellcheck source=bench/common.sh
. "$(dirname "$0")/common.sh"
bench_start package.sh zip minisign sha256sum dpkg-deb python3 /usr/bin/time
bench_workspace
python3 - "$ws/packages/bench/files" "$scale" <<'PY'
import os, random, sys
root, scale = sys.argv[1], int(sys.argv[2])
rng = random.Random(20261130)
words = ("request", "session", "cache", "miss", "hit", "user", "login", "sync", "mail",
         "folder", "message", "timeout", "retry", "queue", "worker", "flush", "commit")
def log(path, size):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        written = 0
        while written < size:
            line = "2026-11-30T%02d:%02d:%02d.%03d %s[%d]: %s %s %s id=%08x took %d ms\n" % (
                rng.randrange(24), rng.randrange(60), rng.randrange(60), rng.randrange(1000),
                rng.choice(("smtpd", "imapd", "sparkd", "indexer")), rng.randrange(30000),
                rng.choice(words), rng.choice(words), rng.choice(words),
                rng.getrandbits(32), rng.randrange(5000))
            f.write(line)
            written += len(line)
for part in range(scale):
    for i in range(10):
        log(f"{root}/var/log/{part}/server-{i}.log", 10_000_000)
    for i in range(12):
        os.makedirs(f"{root}/lib/{part}", exist_ok=True)
        with open(f"{root}/lib/{part}/blob-{i}.bin", "wb") as f:
            f.write(rng.randbytes(8_000_000))
    for i in range(2000):
        log(f"{root}/share/{part}/doc-{i // 100}/page-{i}.txt", rng.randrange(1000, 7000))
PY
payload=$(du -sb "$ws/packages/bench/files" | cut -f1)
files=$(find "$ws/packages/bench/files" -type f | wc -l)
minisign -G -W -p "$work/bench.pub" -s "$work/bench.key" >/dev/null 2>&1 ||
    minisign -G -W -p "$work/bench.pub" -s "$work/bench.key" </dev/null >/dev/null

echo "machine: $(nproc) cores, $(uname -m), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
echo "tool: $("$ALLIANCE" --version); payload: $((payload / 1000000)) MB in $files files (SCALE=$scale)"

# best NAME OUTPUT COMMAND...: runs COMMAND $runs times, records the fastest wall time, the
# largest peak RSS and the size of OUTPUT. A cold package or zip run starts with no output.
declare -A wall rss size
best() {
    local name=$1 output=$2 cold=:
    shift 2
    # Cold runs start from nothing built; warm runs and verification from what is there.
    case $name in
        "alliance package" | "alliance package (.deb)" | zip* | dpkg*) cold='rm -rf "$ws/dist" "$ws/.alliance/cache" "$work/out."*' ;;
    esac
    fastest "$cold" "$@"
    wall[$name]=$fastest
    rss[$name]=$((largest / 1024))
    size[$name]=$( [ -e "$output" ] && stat -c %s "$output" || echo 0)
}

# The same payload as a Debian package (`formats: [deb]`, package `benchdeb`: the same files,
# hard-linked), against `dpkg-deb --build` of the same tree staged as dpkg wants it (gzip at
# level 6, as alliance) + `sha256sum` + `minisign -S`.
cp -al "$ws/packages/bench" "$ws/packages/benchdeb"
sed -i -e 's/^id: bench/id: benchdeb/' "$ws/packages/benchdeb/package.yaml"
printf 'formats: [deb]\nmaintainer: Bench <bench@example.org>\n' >>"$ws/packages/benchdeb/package.yaml"
mkdir -p "$work/debroot/DEBIAN" "$work/debroot/opt"
cp -al "$ws/packages/bench/files" "$work/debroot/opt/benchdeb"
printf 'Package: benchdeb\nVersion: 4.2.0\nArchitecture: all\nMaintainer: Bench <bench@example.org>\nDescription: bench\n bench\n' \
    >"$work/debroot/DEBIAN/control"
deb=$ws/dist/1995.08/benchdeb_4.2.0_all.deb

installer=$ws/dist/1995.08/bench-4.2.0.zip
cd "$ws"
best "alliance package (.deb)" "$deb" "$ALLIANCE" package benchdeb
best "dpkg-deb -b + sha256sum + minisign" "$work/out.deb" bash -c \
    "dpkg-deb --root-owner-group -Zgzip -z6 --build '$work/debroot' '$work/out.deb' >/dev/null &&
     sha256sum '$work/out.deb' && minisign -S -s '$work/bench.key' -m '$work/out.deb'"
best "alliance package" "$installer" "$ALLIANCE" package bench
best "alliance package (warm)" "$installer" "$ALLIANCE" package bench
cd "$ws/packages/bench/files"
best "zip -r + sha256sum + minisign" "$work/out.zip" bash -c \
    "zip -q -r '$work/out.zip' . && sha256sum '$work/out.zip' && minisign -S -s '$work/bench.key' -m '$work/out.zip'"
best "zip -0 -r" "$work/out.zip" zip -q -0 -r "$work/out.zip" .
cd "$ws"
"$ALLIANCE" package bench >/dev/null 2>&1
best "alliance verify (installer)" "" "$ALLIANCE" verify --allow-dev "$installer"
best "sha256sum (installer)" "" sha256sum "$installer"

base=${wall["alliance package"]}
printf '\n| %-32s | %8s | %9s | %12s | %10s |\n' "command" "wall s" "peak RSS" "output bytes" "vs alliance"
printf '|%s|%s|%s|%s|%s|\n' "$(printf -- '-%.0s' {1..34})" "---------:" "----------:" "-------------:" "-----------:"
for name in "alliance package" "alliance package (warm)" "zip -r + sha256sum + minisign" \
    "zip -0 -r" "alliance package (.deb)" "dpkg-deb -b + sha256sum + minisign" \
    "alliance verify (installer)" "sha256sum (installer)"; do
    if [[ $name == *.deb* || $name == dpkg* ]]; then base=${wall["alliance package (.deb)"]}; fi
    if [[ $name == *verify* || $name == sha256sum* ]]; then base=${wall["alliance verify (installer)"]}; fi
    ratio=$(awk "BEGIN{printf \"%.2f×\", ${wall[$name]} / ($base > 0 ? $base : 1)}")
    printf '| %-32s | %8s | %6s MB | %12s | %10s |\n' "$name" "${wall[$name]}" "${rss[$name]}" "${size[$name]}" "$ratio"
done
