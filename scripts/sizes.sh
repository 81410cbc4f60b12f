#!/usr/bin/env bash
# Prints what a browser downloads for the storefront after a release build
# (`cargo leptos build --release --precompress`): raw, gzip and brotli bytes
# of the wasm, the JS glue and the CSS.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
pkg="${1:-target/site/pkg}"
printf '| %-28s | %10s | %10s | %10s |\n' file raw gzip brotli
printf '|%s|%s|%s|%s|\n' "------------------------------" "------------" "------------" "------------"
total_raw=0; total_br=0
for f in "$pkg"/karavai*.wasm "$pkg"/karavai*.js "$pkg"/karavai*.css; do
  [ -f "$f" ] || continue
  raw=$(stat -c %s "$f")
  gz=$(gzip -9 -c "$f" | wc -c)
  br=$(if [ -f "$f.br" ]; then stat -c %s "$f.br"; else brotli -c -q 11 "$f" | wc -c; fi)
  total_raw=$((total_raw + raw)); total_br=$((total_br + br))
  printf '| %-28s | %10d | %10d | %10d |\n' "$(basename "$f")" "$raw" "$gz" "$br"
done
printf '| %-28s | %10d | %10s | %10d |\n' "total" "$total_raw" "" "$total_br"
