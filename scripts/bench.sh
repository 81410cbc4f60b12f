#!/usr/bin/env bash
# Runs a benchmark and prints its result (see ARCHITECTURE.md, "Benchmarks").
#
#   bash scripts/bench.sh sse [CLIENTS]              1,000 held SSE connections: memory, fan-out time
#   bash scripts/bench.sh catalog [PRODUCTS] [SECS]  catalog page vs a bare route, 32 connections
#   bash scripts/bench.sh board [BOARDS] [MOVES]     moves reaching every open production board
#   bash scripts/bench.sh tables [ORDERS] [RUNS]     orders and clients table queries at 1,000,000 orders
#   bash scripts/bench.sh analytics [ORDERS] [RUNS]  the whole analytics dashboard for a year at 1,000,000 orders
#     (KARAVAI_BENCH_DATABASE_URL=postgres://… runs it on an empty PostgreSQL database)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
# shellcheck source=scripts/setup.sh
source scripts/setup.sh

case "${1:-}" in
  sse)
    # Each connection holds two descriptors here (client and server end).
    ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)"
    cargo run --release --features ssr --example bench_sse -- "${2:-1000}"
    ;;
  catalog)
    ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)"
    cargo run --release --features ssr --example bench_catalog -- "${2:-10000}" "${3:-10}"
    ;;
  board)
    ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)"
    cargo run --release --features ssr --example bench_board -- "${2:-200}" "${3:-100}"
    ;;
  tables)
    cargo run --release --features ssr --example bench_tables -- "${2:-1000000}" "${3:-30}"
    ;;
  analytics)
    cargo run --release --features ssr --example bench_analytics -- "${2:-1000000}" "${3:-30}"
    ;;
  *)
    echo "usage: bash scripts/bench.sh sse [CLIENTS] | catalog [PRODUCTS] [SECONDS] | board [BOARDS] [MOVES] | tables [ORDERS] [RUNS] | analytics [ORDERS] [RUNS]" >&2
    exit 2
    ;;
esac
