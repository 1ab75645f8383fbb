#!/usr/bin/env bash
# Benchmark of `alliance lsp` (issue 28): on the Thunderbird corpus, the time from an
# edit of one translation file to its diagnostics (the editor's re-check, target under
# 50 ms), and the first open of a file (which loads the workspace). For comparison, the
# whole corpus with `l10n check`.
#
# usage: bench/lsp.sh [CORPUS_DIR]    (default: ../shared/corpus/thunderbird)
set -euo pipefail
source "$(dirname "$0")/common.sh"
bench_start lsp.sh python3
corpus=${1:-$repo/../shared/corpus/thunderbird}
cp -r "$corpus" "$work/thunderbird"
chmod -R u+w "$work/thunderbird"
printf 'release: "tb"\nreference_locale: en-US\n' > "$work/thunderbird/alliance.yaml"
echo "machine: $(nproc) cores, $(uname -m); $("$ALLIANCE" --version)"
# The largest German file, and a small one.
large=$(find "$work/thunderbird/locales/de" -name '*.ftl' -printf '%s %p\n' | sort -n | tail -1 | cut -d' ' -f2)
small=$(find "$work/thunderbird/locales/de" -name '*.ftl' -printf '%s %p\n' | sort -n | head -1 | cut -d' ' -f2)
for file in "$large" "$small"; do
    python3 "$repo/bench/lsp.py" "$ALLIANCE" "$work/thunderbird" "$file" 20
done
echo "the whole corpus, l10n check:"
( cd "$work/thunderbird" && /usr/bin/time -f "  %e s wall, %M KB" "$ALLIANCE" l10n check >/dev/null ) 2>&1 | tail -1
