# shellcheck shell=bash
# Sourced by scripts/run.sh and scripts/test.sh: installs (once) and selects
# everything karavai needs to build and test, then exports the environment.
#
#   source scripts/setup.sh            # then: $LEPTOS build --release …
#
# Idempotent and fast when everything is already there (a few version checks).
# Everything it installs goes under $KARAVAI_CACHE (default ~/.cache/karavai):
#   tools/bin   cargo-leptos, wasm-bindgen, wasm-opt (pinned versions)
#   target      the cargo target directory (kept between clones and CI runs)
#
# The browser build needs the wasm32-unknown-unknown standard library. With
# rustup it is the ordinary `rustup target add`. Where rustup cannot provide it,
# we fall back to Debian's rustc-web/cargo-web 1.96 with rust-web-src and build
# std for wasm ourselves (-Zbuild-std, allowed by RUSTC_BOOTSTRAP=1).
# KARAVAI_TOOLCHAIN=rustup|debian forces one of the two.

set -euo pipefail

KARAVAI_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export KARAVAI_ROOT
export KARAVAI_CACHE="${KARAVAI_CACHE:-$HOME/.cache/karavai}"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$KARAVAI_CACHE/target}"
TOOLS="$KARAVAI_CACHE/tools"
mkdir -p "$TOOLS/bin" "$CARGO_TARGET_DIR"

CARGO_LEPTOS_VERSION="0.3.11"
# The wasm-bindgen CLI must match the crate version pinned in Cargo.toml exactly.
WASM_BINDGEN_VERSION="$(sed -n 's/^wasm-bindgen = { version = "=\([0-9.]*\)".*/\1/p' "$KARAVAI_ROOT/Cargo.toml")"
[ -n "$WASM_BINDGEN_VERSION" ] || { echo "setup: cannot read the pinned wasm-bindgen version from Cargo.toml" >&2; exit 1; }

log() { printf '\033[1;34m[setup]\033[0m %s\n' "$*" >&2; }

SUDO=""
if [ "$(id -u)" != 0 ] && command -v sudo >/dev/null 2>&1; then SUDO="sudo"; fi
APT_UPDATED=""
apt_install() {
  # apt_install PKG… — installs the Debian packages that are missing.
  local missing=()
  for p in "$@"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
  [ ${#missing[@]} -eq 0 ] && return 0
  command -v apt-get >/dev/null 2>&1 || { echo "setup: please install: ${missing[*]}" >&2; return 1; }
  log "installing Debian packages: ${missing[*]}"
  # The test dependencies may install in the background meanwhile: wait for
  # dpkg's lock rather than fail on it.
  local lock=(-o DPkg::Lock::Timeout=900)
  if [ -z "$APT_UPDATED" ]; then $SUDO apt-get "${lock[@]}" update -qq; APT_UPDATED=1; fi
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get "${lock[@]}" install -y -qq "${missing[@]}" >/dev/null
}

rust_minor() { "$1" --version 2>/dev/null | sed -n 's/^[a-z]* 1\.\([0-9]*\).*/\1/p'; }

# --- 1. The Rust toolchain and the wasm32 standard library -------------------
# rustup's proxies live in ~/.cargo/bin, which a non-login shell may not have on PATH.
if [ -d "$HOME/.cargo/bin" ]; then export PATH="$HOME/.cargo/bin:$PATH"; fi
choose_toolchain() {
  local want="${KARAVAI_TOOLCHAIN:-auto}"
  if [ "$want" != debian ] && command -v rustup >/dev/null 2>&1; then
    if rustup target list --installed 2>/dev/null | grep -qx wasm32-unknown-unknown; then
      echo rustup; return
    fi
    log "adding the wasm32-unknown-unknown target with rustup"
    if timeout 300 rustup target add wasm32-unknown-unknown >&2 2>/dev/null; then
      echo rustup; return
    fi
    log "rustup could not add the wasm32 target: using Debian's rustc-web recipe"
  fi
  [ "$want" = rustup ] && { echo "setup: KARAVAI_TOOLCHAIN=rustup but rustup has no wasm32 target" >&2; exit 1; }
  echo debian
}

KARAVAI_TOOLCHAIN_MODE="$(choose_toolchain)"
export KARAVAI_TOOLCHAIN_MODE
# Extra cargo arguments for every wasm32 build (clippy and cargo-leptos's lib build).
WASM_CARGO_ARGS=()
if [ "$KARAVAI_TOOLCHAIN_MODE" = debian ]; then
  apt_install rustc-web cargo-web rust-web-src lld-22 rust-web-clippy rustfmt-web
  # Debian's toolchain installs as /usr/bin/cargo and /usr/bin/rustc: put it first.
  export PATH="$TOOLS/bin:/usr/bin:$PATH"
  unset RUSTUP_TOOLCHAIN
  export RUSTC_BOOTSTRAP=1
  WASM_CARGO_ARGS=("-Zbuild-std=std,panic_abort")
else
  export PATH="$TOOLS/bin:$HOME/.cargo/bin:$PATH"
fi

# The storefront's release wasm is built for the smallest first load (README,
# Sizes): the standard library rebuilt for size, panics that stop without a
# message (`-Cpanic=immediate-abort`), no file and line strings, Debug
# formatting compiled out. These are unstable options (RUSTC_BOOTSTRAP=1, for
# that one build only) that need std's source: Debian's rust-web-src, or
# rustup's rust-src. Where there is no source, the release wasm is built as
# the debug one is, only larger. Target rustflags replace `[build] rustflags`
# of .cargo/config.toml, so its `--cfg erase_components` is repeated here.
WASM_RELEASE_RUSTFLAGS="--cfg erase_components -Zunstable-options -Cpanic=immediate-abort -Zlocation-detail=none -Zfmt-debug=none"
WASM_RELEASE_CARGO_ARGS=("-Zbuild-std=std,panic_abort" "-Zbuild-std-features=optimize_for_size")
without_size_options() { # without_size_options WHY
  log "$1: the release wasm is built without the size options"
  WASM_RELEASE_RUSTFLAGS=""
  WASM_RELEASE_CARGO_ARGS=()
}
if [ "$(rust_minor rustc)" -lt 92 ] 2>/dev/null; then
  # -Cpanic=immediate-abort came with Rust 1.92.
  without_size_options "rustc older than 1.92"
elif [ "$KARAVAI_TOOLCHAIN_MODE" = rustup ] &&
  ! rustup component list --installed 2>/dev/null | grep -q '^rust-src'; then
  log "adding rustup's rust-src (std's source, for the small release wasm)"
  timeout 300 rustup component add rust-src >&2 2>/dev/null ||
    without_size_options "rustup could not add rust-src"
fi

# --- 2. Browser tests: Debian's Chromium and Playwright from npm ------------
setup_end2end() {
  if [ ! -x /usr/bin/chromium ]; then apt_install chromium; fi
  command -v npm >/dev/null 2>&1 || apt_install nodejs npm
  local e2e="$KARAVAI_ROOT/end2end"
  local stamp="$e2e/node_modules/.karavai-lock"
  if [ ! -f "$stamp" ] || ! cmp -s "$e2e/package-lock.json" "$stamp"; then
    log "installing end2end npm packages"
    # Playwright must never download a browser of its own: we drive /usr/bin/chromium.
    (cd "$e2e" && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund --loglevel=error >&2)
    cp "$e2e/package-lock.json" "$stamp"
  fi
}

# --- 3. Test services: a real SMTP server (aiosmtpd from PyPI) in a venv ------
AIOSMTPD_VERSION="1.4.6"
# The OAuth tests' OpenID provider.
OIDC_MOCK_VERSION="0.3.4"
# The REST API checked against its OpenAPI document (test.sh's last stage).
SCHEMATHESIS_VERSION="4.32.5"
setup_python() {
  local venv="$KARAVAI_CACHE/venv"
  if ! "$venv/bin/python" -c "import aiosmtpd, oidc_provider_mock, schemathesis" >/dev/null 2>&1; then
    command -v python3 >/dev/null 2>&1 || apt_install python3
    if ! python3 -m venv "$venv" >/dev/null 2>&1; then
      apt_install python3-venv
      rm -rf "$venv"
      python3 -m venv "$venv"
    fi
    log "installing aiosmtpd $AIOSMTPD_VERSION, oidc-provider-mock $OIDC_MOCK_VERSION and schemathesis $SCHEMATHESIS_VERSION (the tests' SMTP server, OpenID provider and API checker)"
    "$venv/bin/pip" install -q --disable-pip-version-check \
      "aiosmtpd==$AIOSMTPD_VERSION" "oidc-provider-mock==$OIDC_MOCK_VERSION" \
      "schemathesis==$SCHEMATHESIS_VERSION" >&2
  fi
  export KARAVAI_PYTHON="$venv/bin/python"
}

# Which cargo builds our tools: cargo-leptos 0.3.11 needs cargo >= 1.96.
tool_cargo() {
  local minor
  minor="$(rust_minor cargo)"
  if [ -n "$minor" ] && [ "$minor" -ge 96 ]; then echo cargo; return; fi
  apt_install rustc-web cargo-web
  echo /usr/bin/cargo
}

tool_missing() { # tool_missing BIN "version-substring"
  ! { [ -x "$TOOLS/bin/$1" ] && "$TOOLS/bin/$1" --version 2>/dev/null | grep -q -- "$2"; }
}
install_tool() {
  # install_tool BIN "version-substring" "expected time" cargo-install-args…
  local bin="$1" want="$2" expect="$3"; shift 3
  tool_missing "$bin" "$want" || return 0
  local c="${TOOL_CARGO:-$(tool_cargo)}"
  local t0; t0=$(date +%s)
  log "compiling $bin $want (once, kept in $TOOLS; expected: $expect on 2 cores)"
  # A target dir of its own, so our project's builds never rebuild tool crates.
  env -u RUSTC_BOOTSTRAP CARGO_TARGET_DIR="$KARAVAI_CACHE/tool-target" \
    RUSTC="$(dirname "$(command -v "$c")")/rustc" \
    "$c" install --quiet --root "$TOOLS" --force "$@" >&2
  log "$bin ready after $(( $(date +%s) - t0 )) s"
}

# cargo-leptos only drives cargo, wasm-bindgen and wasm-opt: it needs no
# maximally optimised build of itself (its release profile is fat LTO with
# one codegen unit, the slowest way to compile it). Unoptimised, without
# debug info or assertions, with the few crates that do heavy work at build
# time (brotli and gzip for --precompress, the wasm splitter, the CSS
# minifier) still optimised, it compiles in a fraction of the time and runs
# the build about as fast (README, "Cold start", has the figures).
CARGO_LEPTOS_PROFILE=(--debug --config "profile.dev.debug=0"
  --config "profile.dev.debug-assertions=false" --config "profile.dev.overflow-checks=false")
for hot in brotli brotli-decompressor libflate flate2 miniz_oxide; do
  CARGO_LEPTOS_PROFILE+=(--config "profile.dev.package.$hot.opt-level=3")
done
for hot in lightningcss wasm_split_cli_support walrus wasmparser; do
  CARGO_LEPTOS_PROFILE+=(--config "profile.dev.package.$hot.opt-level=2")
done
# The test command's own dependencies (Chromium and Playwright, the Python
# test servers) need no compiler: with KARAVAI_SETUP_TEST_DEPS=1 they install
# in the background while the tools below compile (test.sh waits for them).
# Which cargo compiles the tools is settled first: it may install Debian's.
TOOL_CARGO=""
if tool_missing cargo-leptos "$CARGO_LEPTOS_VERSION" || tool_missing wasm-bindgen "$WASM_BINDGEN_VERSION"; then
  TOOL_CARGO="$(tool_cargo)"
fi
KARAVAI_TEST_DEPS_PID=""
if [ "${KARAVAI_SETUP_TEST_DEPS:-}" = 1 ]; then
  command -v npm >/dev/null 2>&1 || apt_install nodejs npm
  ( setup_end2end && setup_python ) >"$KARAVAI_CACHE/test-deps.log" 2>&1 &
  KARAVAI_TEST_DEPS_PID=$!
fi
install_tool cargo-leptos "$CARGO_LEPTOS_VERSION" "about 6 minutes" cargo-leptos --version "$CARGO_LEPTOS_VERSION" --features no_downloads --locked "${CARGO_LEPTOS_PROFILE[@]}"
# Not --locked: its lock file pins a webpki-roots release the registry no longer serves.
install_tool wasm-bindgen "$WASM_BINDGEN_VERSION" "about 3 minutes" wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION" --no-default-features
# wasm-opt: binaryen 116 (Debian's wasm-opt 108 silently breaks
# reference-types modules). npm's binaryen package is binaryen itself compiled
# to wasm, run by Node.js: a few seconds to install where compiling the
# wasm-opt crate's C++ took 9-13 minutes on 2 cores. Pinned by
# scripts/tools/package-lock.json. A native wasm-opt 116 already in the
# cache is kept.
install_wasm_opt() {
  if [ -x "$TOOLS/bin/wasm-opt" ] && "$TOOLS/bin/wasm-opt" --version 2>/dev/null | grep -q "version 116"; then return 0; fi
  command -v npm >/dev/null 2>&1 || apt_install nodejs npm
  log "installing wasm-opt (binaryen 116) from npm"
  local dir="$TOOLS/binaryen"
  mkdir -p "$dir"
  cp "$KARAVAI_ROOT/scripts/tools/package.json" "$KARAVAI_ROOT/scripts/tools/package-lock.json" "$dir/"
  (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error >&2)
  ln -sf "$dir/node_modules/.bin/wasm-opt" "$TOOLS/bin/wasm-opt"
}
install_wasm_opt
# The tools are built; their intermediate files are not needed again.
rm -rf "$KARAVAI_CACHE/tool-target"

# The browser assets the app vendors (no CDN): fetched from npm (versions and
# hashes pinned by scripts/vendor/package-lock.json) into public/vendor, which
# cargo-leptos copies into the site. Only the analytics pages load them.
setup_vendor() {
  local dir="$KARAVAI_ROOT/scripts/vendor"
  local out="$KARAVAI_ROOT/public/vendor"
  local stamp="$out/.karavai-lock"
  if [ -f "$out/echarts.min.js" ] && cmp -s "$dir/package-lock.json" "$stamp"; then return 0; fi
  command -v npm >/dev/null 2>&1 || apt_install nodejs npm
  log "vendoring ECharts from npm into public/vendor"
  (cd "$dir" && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error >&2)
  mkdir -p "$out"
  # The "common" build: line, bar and pie charts with title, tooltip and legend.
  cp "$dir/node_modules/echarts/dist/echarts.common.min.js" "$out/echarts.min.js"
  cp "$dir/node_modules/echarts/LICENSE" "$out/echarts.LICENSE.txt"
  cp "$dir/package-lock.json" "$stamp"
}
setup_vendor

# --- 4. cargo-leptos invocation ----------------------------------------------
# `leptos_build ARGS…` runs cargo-leptos with the wasm args of this toolchain.
# A release build runs it twice: the browser's wasm with the size options
# above, then the server, which the options (and RUSTC_BOOTSTRAP) never touch.
leptos_build() {
  local lib_args=() arg release=""
  for arg in "${WASM_CARGO_ARGS[@]}"; do lib_args+=("--lib-cargo-args=$arg"); done
  for arg in "$@"; do if [ "$arg" = --release ]; then release=1; fi; done
  if [ -z "$release" ] || [ -z "$WASM_RELEASE_RUSTFLAGS" ]; then
    cargo-leptos "$@" "${lib_args[@]}"
    return
  fi
  for arg in "${WASM_RELEASE_CARGO_ARGS[@]}"; do
    # Debian's recipe already passes -Zbuild-std.
    if [[ "$arg" != -Zbuild-std=* || ${#WASM_CARGO_ARGS[@]} -eq 0 ]]; then lib_args+=("--lib-cargo-args=$arg"); fi
  done
  RUSTC_BOOTSTRAP=1 CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS="$WASM_RELEASE_RUSTFLAGS" \
    cargo-leptos "$@" --frontend-only "${lib_args[@]}" || return 1
  cargo-leptos "$@" --server-only
}

log "toolchain: $KARAVAI_TOOLCHAIN_MODE ($(rustc --version)); target dir: $CARGO_TARGET_DIR"
