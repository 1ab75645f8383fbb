#!/usr/bin/env bash
# A vendor's real tree, as `PAYLOAD=vendor bench/package.sh` runs it: an application with its
# dependencies (bench/small-files.py: FILES small source files in nested folders, default
# 90,000, about 100 MB) and one large compressible file (bench/large-file.py: LARGE_MB, default
# 1,200 MB). Each row against what a vendor or a user would otherwise run on the same tree:
#   cold package        alliance package          zip -r + sha256sum + minisign -S
#   the large file      alliance package of it alone (what its compression costs)
#   one file changed    alliance package          zip -u of the cold zip
#   two files changed   alliance package
#   nothing changed     alliance package
#   large file changed  alliance package (8 bytes of it, in place)
#   verify              alliance verify           unzip -t, sha256sum
#   install             alliance install          unzip -d (into an empty folder each time)
# Each command runs RUNS times (default 1); the table shows the fastest wall time and the
# largest peak RSS (GNU time). Needs zip, unzip, minisign, sha256sum, python3, GNU time.
#
# usage: PAYLOAD=vendor bench/package.sh      FILES=20000 LARGE_MB=300 bench/vendor-tree.sh
# ALLIANCE=path/to/alliance times another build of the tool.
set -euo pipefail
files=${FILES:-90000}
large_mb=${LARGE_MB:-1200}
runs=${RUNS:-1}
# shellcheck source=bench/common.sh
. "$(dirname "$0")/common.sh"
bench_start vendor-tree.sh zip unzip minisign sha256sum python3 /usr/bin/time
bench_workspace
tree=$ws/packages/bench/files
python3 "$repo/bench/small-files.py" "$tree" "$files"
mkdir -p "$tree/data"
python3 "$repo/bench/large-file.py" "$tree/data/export.log" "$large_mb"
# The large file alone, in a package of its own (a hard link: the same bytes).
cp -r "$ws/packages/bench" "$ws/packages/large"
rm -rf "$ws/packages/large/files"
mkdir -p "$ws/packages/large/files"
ln "$tree/data/export.log" "$ws/packages/large/files/export.log"
sed -i 's/^id: bench/id: large/' "$ws/packages/large/package.yaml"
minisign -G -W -p "$work/bench.pub" -s "$work/bench.key" >/dev/null 2>&1 ||
    minisign -G -W -p "$work/bench.pub" -s "$work/bench.key" </dev/null >/dev/null
payload=$(du -sb "$tree" | cut -f1)
count=$(find "$tree" -type f | wc -l)
echo "machine: $(nproc) cores, $(uname -m), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
echo "tool: $("$ALLIANCE" --version); payload: $((payload / 1000000)) MB in $count files"

declare -A wall rss
order=()
# row NAME PREPARE COMMAND...: runs PREPARE (untimed) then COMMAND, RUNS times; keeps the
# fastest wall time and the largest peak RSS.
row() {
    local name=$1 prepare=$2
    shift 2
    fastest "$prepare" "$@"
    wall[$name]=$fastest
    rss[$name]=$((largest / 1024))
    order+=("$name")
}
cold() { rm -rf "$ws/dist" "$ws/.alliance/cache" "$work/out.zip"; }
small=$tree/node_modules/pkg050/src/00/file45000.rs
other=$tree/node_modules/pkg099/src/10/file89400.rs
installer=$ws/dist/1995.08/bench-4.2.0.zip
cd "$ws"
row "alliance package (cold)" cold "$ALLIANCE" package bench
row "zip -r + sha256sum + minisign" cold bash -c "cd '$tree' && zip -q -r '$work/out.zip' . &&
    sha256sum '$work/out.zip' && minisign -S -s '$work/bench.key' -m '$work/out.zip'"
row "the large file alone: alliance package" cold "$ALLIANCE" package large
# The rows below start from a cold build of `bench` alone in its release folder (with the
# large file's installer beside it, every run would check that one again too).
rm -rf "$ws/dist"
"$ALLIANCE" package bench >/dev/null 2>&1
(cd "$tree" && zip -q -r "$work/out.zip" .)
row "one file changed: alliance package" 'echo "// run $i" >>"$small"' "$ALLIANCE" package bench
row "one file changed: zip -u" 'echo "// zip run $i" >>"$small"' \
    bash -c "cd '$tree' && zip -q -u -r '$work/out.zip' ."
row "two files changed: alliance package" 'echo "// two $i" >>"$small"; echo "// two $i" >>"$other"' \
    "$ALLIANCE" package bench
row "nothing changed: alliance package" : "$ALLIANCE" package bench
row "large file changed: alliance package" \
    'printf "%08d" "$i" | dd of="$tree/data/export.log" bs=1 seek=600000000 conv=notrunc status=none' \
    "$ALLIANCE" package bench
row "alliance verify" : "$ALLIANCE" verify --allow-dev "$installer"
row "unzip -t" : unzip -tq "$installer"
row "sha256sum" : sha256sum "$installer"
row "alliance install" 'rm -rf "$work/prefix"' "$ALLIANCE" install "$installer" \
    --prefix "$work/prefix" --key "$ws/.alliance/dev-signing.pub" --allow-dev
row "unzip -d" 'rm -rf "$work/prefix"' unzip -q "$installer" -d "$work/prefix"
echo "installer: $(stat -c %s "$installer") bytes"

printf '\n| %-40s | %8s | %9s |\n' "command" "wall s" "peak RSS"
printf '|%s|%s|%s|\n' "$(printf -- '-%.0s' {1..42})" "---------:" "----------:"
for name in "${order[@]}"; do
    printf '| %-40s | %8s | %6s MB |\n' "$name" "${wall[$name]}" "${rss[$name]}"
done
ratio() { awk "BEGIN{printf \"%.2f×\", ${wall[$2]} / ${wall[$1]}}"; }
echo
echo "package, cold: $(ratio "alliance package (cold)" "zip -r + sha256sum + minisign") faster than zip -r + sha256sum + minisign"
echo "one file changed: $(ratio "one file changed: alliance package" "one file changed: zip -u") faster than zip -u"
echo "verify: $(ratio "alliance verify" "unzip -t") faster than unzip -t; install: $(ratio "alliance install" "unzip -d") faster than unzip -d"
