#!/usr/bin/env bash
# Prints what a browser downloads for the storefront after a release build
# (`cargo leptos build --release --precompress --split`): raw, gzip and
# brotli bytes of the first load (the main wasm, the JS glue, the split
# loader and the CSS), then the lazy chunks that other pages fetch when
# first visited (cart, checkout, orders, account, back office).
#
# What a landing page really fetches until it is interactive is measured in
# a browser by end2end/tests/first-load.spec.ts, which prints it per page.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
pkg="${1:-target/site/pkg}"
br_size() { if [ -f "$1.br" ]; then stat -c %s "$1.br"; else brotli -c -q 11 "$1" | wc -c; fi; }
printf '| %-28s | %10s | %10s | %10s |\n' "first load" raw gzip brotli
printf '|%s|%s|%s|%s|\n' "------------------------------" "------------" "------------" "------------"
total_raw=0; total_br=0
for f in "$pkg"/karavai*.wasm "$pkg"/karavai*.js "$pkg"/__wasm_split*.js "$pkg"/karavai*.css; do
  [ -f "$f" ] || continue
  raw=$(stat -c %s "$f")
  gz=$(gzip -9 -c "$f" | wc -c)
  br=$(br_size "$f")
  total_raw=$((total_raw + raw)); total_br=$((total_br + br))
  name="$(basename "$f")"
  printf '| %-28s | %10d | %10d | %10d |\n' "${name:0:28}" "$raw" "$gz" "$br"
done
printf '| %-28s | %10d | %10s | %10d |\n' "total" "$total_raw" "" "$total_br"
lazy_n=0; lazy_raw=0; lazy_br=0
for f in "$pkg"/split_*.wasm "$pkg"/chunk_*.wasm; do
  [ -f "$f" ] || continue
  lazy_n=$((lazy_n + 1))
  lazy_raw=$((lazy_raw + $(stat -c %s "$f")))
  lazy_br=$((lazy_br + $(br_size "$f")))
done
echo
echo "lazy chunks (fetched by the pages that need them): $lazy_n files, $lazy_raw B raw, $lazy_br B brotli in all"
