#!/usr/bin/env bash
# `alliance package` of a tree of many small files (bench/small-files.py: FILES source files
# of about 1.1 KB in nested folders, default 90,000, about 100 MB) against `zip -r` of the
# same folder, and the output's SHA-256 of each alliance run (two builds must agree byte
# for byte). Each command runs RUNS times (default 3); the table shows the fastest wall
# time and the largest peak RSS (GNU time). Needs zip, python3 and GNU time.
#
# usage: bench/small-files.sh        FILES=20000 RUNS=5 bench/small-files.sh
# ALLIANCE=path/to/alliance times another build of the tool.
set -euo pipefail
files=${FILES:-90000}
runs=${RUNS:-3}
# shellcheck source=bench/common.sh
. "$(dirname "$0")/common.sh"
bench_start small-files.sh zip python3 /usr/bin/time
bench_workspace
python3 "$repo/bench/small-files.py" "$ws/packages/bench/files" "$files"

# best wall seconds and largest peak RSS (KB) of RUNS runs of "$@", after `prepare`
measure() {
    local best="" rss=0
    for _ in $(seq "$runs"); do
        prepare
        /usr/bin/time -f "%e %M" -o "$work/time" "$@" >/dev/null 2>&1
        read -r wall kb < "$work/time"
        if [ -z "$best" ] || awk "BEGIN{exit !($wall < $best)}"; then best=$wall; fi
        if [ "$kb" -gt "$rss" ]; then rss=$kb; fi
    done
    echo "$best $rss"
}
prepare() { rm -rf "$ws/dist" "$ws/.alliance" "$work/out.zip"; }
read -r a_wall a_rss < <(cd "$ws" && measure "$ALLIANCE" package bench)
sum=$(sha256sum "$ws"/dist/1995.08/bench-*.zip | cut -c1-16)
read -r z_wall z_rss < <(cd "$ws/packages/bench" && measure zip -qr "$work/out.zip" files)
echo "machine: $(nproc) cores; $files files, $(du -sb "$ws/packages/bench/files" | cut -f1) bytes"
printf '| %-22s | %8s | %9s | %s |\n' command "wall s" "peak RSS" "vs alliance"
printf '|%s|%s|%s|%s|\n' ------------------------ ---------- ----------- -------------
printf '| %-22s | %8s | %6d MB | %.2f× (SHA-256 %s…) |\n' "alliance package" "$a_wall" $((a_rss / 1024)) 1 "$sum"
printf '| %-22s | %8s | %6d MB | %.2f× |\n' "zip -r" "$z_wall" $((z_rss / 1024)) "$(awk "BEGIN{print $z_wall / $a_wall}")"
