#!/usr/bin/env bash
# How `alliance release` scales with the size of the reference: the sample workspace with
# N generated messages added to the reference (en-US), which every other locale then lacks
# and takes from the reference in its bundle. Times one run per N with /usr/bin/time
# (wall time and peak RSS); the time should grow linearly with N.
#
# usage: bench/release-scale.sh [N ...]    (default: 2500 20000 100000)
# ALLIANCE=path/to/alliance times another build of the tool.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
sizes=("$@")
[ ${#sizes[@]} -eq 0 ] && sizes=(2500 20000 100000)

if [ -z "${ALLIANCE:-}" ]; then
    cargo build --release --quiet --manifest-path "$repo/Cargo.toml"
    ALLIANCE=$repo/target/release/alliance
fi
echo "machine: $(nproc) cores, $(uname -m); $("$ALLIANCE" --version)"

for n in "${sizes[@]}"; do
    ws=$work/ws-$n
    mkdir -p "$ws"
    cp -r "$repo/alliance.yaml" "$repo/locales" "$repo/packages" "$repo/templates" "$ws/"
    # The bundles grow with the reference: lift their size budget.
    sed -i 's/^max_size: .*/max_size: 1 GB/' "$ws/packages/spark-messenger/package.yaml"
    python3 - "$ws/locales/en-US/messenger.ftl" "$n" <<'PY'
import sys
path, n = sys.argv[1], int(sys.argv[2])
with open(path, "a", encoding="utf-8") as f:
    for i in range(n):
        if i % 10 == 0:
            f.write(f"bench-{i} =\n    {{ $count ->\n        [one] { i } new message for {{ -brand-name }}\n       *[other] {{ $count }} new messages ({i})\n    }}\n")
        elif i % 10 == 1:
            f.write(f"bench-{i} = See {{ bench-{i - 1} }}\n    .title = Message {i} title\n")
        else:
            f.write(f"bench-{i} = Generated message number {i} for {{ $name }}\n")
PY
    if ! ( cd "$ws" && /usr/bin/time -o "$work/time" \
        -f "reference +$n messages: %e s wall, %U s user, %M KB peak RSS" \
        "$ALLIANCE" release >/dev/null 2>"$work/err" ); then
        cat "$work/err"
        exit 1
    fi
    cat "$work/time"
    rm -rf "$ws"
done
