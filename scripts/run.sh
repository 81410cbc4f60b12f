#!/usr/bin/env bash
# Runs karavai as a shop owner would first meet it: installs what is missing
# (scripts/setup.sh), builds the release, and serves on http://127.0.0.1:3000
# with an embedded SQLite database under data/, loading the demo bakery on the
# first start and printing the demo logins. Ctrl-C stops it.
#
# Any KARAVAI_* setting of Leptos.toml can be given in the environment, e.g.
#   KARAVAI_SITE_ADDR=0.0.0.0:8080 bash scripts/run.sh
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
# shellcheck source=scripts/setup.sh
source scripts/setup.sh
t0=$(date +%s)
if [ -x "$CARGO_TARGET_DIR/release/karavai" ]; then
  log "building the release (expected: under 3 minutes after a change, seconds without one)"
else
  log "building the release, the first time (expected: about 14 minutes on 2 cores; later builds are quick)"
fi
leptos_build build --release --precompress --split
log "built in $(( $(date +%s) - t0 )) s; starting karavai (the demo bakery loads in about 30 s the first time)"
export KARAVAI_SITE_ROOT="${KARAVAI_SITE_ROOT:-$KARAVAI_ROOT/target/site}"
exec "$CARGO_TARGET_DIR/release/karavai" serve --demo
