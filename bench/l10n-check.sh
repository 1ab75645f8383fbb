#!/usr/bin/env bash
# Benchmark of `alliance l10n check` (issue 3): the Thunderbird corpus (68 locales, 9,653
# files), the same with a stale-translation lock per locale (issue 27), and a generated
# workspace (100 locales x 2,000 messages). Times with hyperfine
# when it is installed (apt-get install hyperfine), else with five runs of /usr/bin/time.
# With COMPARE_LOCALES=1 it also times Mozilla's compare-locales on the corpus
# (pip install compare-locales==9.0.5).
#
# usage: bench/l10n-check.sh [CORPUS_DIR]    (default: ../shared/corpus/thunderbird)
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
corpus=${1:-$repo/../shared/corpus/thunderbird}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

cargo build --release --quiet --manifest-path "$repo/Cargo.toml"
bin=$repo/target/release/alliance
echo "machine: $(nproc) cores, $(uname -m); $("$bin" --version)"

cp -r "$corpus" "$work/thunderbird"
chmod -R u+w "$work/thunderbird"
printf 'release: "tb"\nreference_locale: en-US\n' > "$work/thunderbird/alliance.yaml"
python3 "$repo/bench/generate-workspace.py" "$work/generated" 100 2000

measure() {
    local name=$1 dir=$2
    shift 2
    if command -v hyperfine >/dev/null; then
        hyperfine --warmup 1 --runs 10 --ignore-failure -n "$name" "cd '$dir' && $*"
    else
        echo "$name:"
        for _ in 1 2 3 4 5; do
            ( cd "$dir" && /usr/bin/time -f "  %e s wall, %U s user, %M KB" "$@" >/dev/null ) 2>&1 | tail -1
        done
    fi
}

files=$(find "$work/thunderbird/locales" -name '*.ftl' | wc -l)
echo "thunderbird: $files files"
measure "thunderbird: l10n check --format json" "$work/thunderbird" "$bin" l10n check --format json
measure "thunderbird: l10n status" "$work/thunderbird" "$bin" l10n status
# Stale translations (issue 27): every locale accepted as it is (a lock per locale), then
# one English text changed; the check then compares each translation's record with the
# fingerprint of its reference text.
cp -r "$work/thunderbird" "$work/tb-locked"
for dir in "$work/tb-locked/locales"/*/; do
    tag=$(basename "$dir")
    [ "$tag" = en-US ] || ( cd "$work/tb-locked" && "$bin" l10n accept "$tag" >/dev/null )
done
sed -i '0,/^\([a-z][a-z0-9-]*\) = .*/s//\1 = A changed English text/' \
    "$(find "$work/tb-locked/locales/en-US" -name '*.ftl' | sort | head -1)"
measure "thunderbird, every locale locked: l10n check --format json" "$work/tb-locked" "$bin" l10n check --format json
measure "generated 100x2000: l10n check --format json" "$work/generated" "$bin" l10n check --format json

if [ "${COMPARE_LOCALES:-0}" = 1 ]; then
    python3 - "$work/thunderbird" <<'PY'
import os, sys
root = sys.argv[1]
locales = sorted(d for d in os.listdir(os.path.join(root, "locales")) if d != "en-US")
with open(os.path.join(root, "l10n.toml"), "w") as f:
    f.write('basepath = "."\n\nlocales = [\n' + "".join(f'    "{l}",\n' for l in locales) + "]\n\n")
    f.write('[[paths]]\n    reference = "locales/en-US/**"\n    l10n = "locales/{locale}/**"\n')
PY
    echo "compare-locales 9.0.5 on the corpus:"
    ( cd "$work/thunderbird" && /usr/bin/time -f "  %e s wall, %U s user" compare-locales --json "$work/cl.json" l10n.toml . >/dev/null ) 2>&1 | tail -1
fi
