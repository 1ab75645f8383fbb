#!/usr/bin/env bash
# Seeds the fuzz corpora (fuzz/corpus/<target>/) from a sample release and the workspace.
set -euo pipefail
cd "$(dirname "$0")/.."
export SOURCE_DATE_EPOCH=809222400
cargo run --release --quiet -- release >/dev/null
dist=dist/1995.08
c=fuzz/corpus
mkdir -p "$c"/{zip_read_checked,artifact_manifest,release_index,minisig,ftl_check,package_yaml}
cp "$dist"/*.zip "$c/zip_read_checked/"
cp "$dist"/*.manifest.yaml "$c/artifact_manifest/"
cp "$dist/release.yaml" "$c/release_index/"
cp "$dist"/*.minisig "$c/minisig/"
# A reference file and its translation, split by a NUL byte.
for file in locales/*/*.ftl; do
  name=$(basename "$file")
  { cat "locales/en-US/$name" 2>/dev/null || true; printf '\0'; cat "$file"; } \
    > "$c/ftl_check/$(echo "$file" | tr / _)"
done
for file in packages/*/package.yaml src/package/package.yaml.example; do
  cp "$file" "$c/package_yaml/$(echo "$file" | tr / _)"
done
echo "seeded $(find "$c" -type f | wc -l) inputs in $c"
