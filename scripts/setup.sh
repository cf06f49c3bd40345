#!/usr/bin/env bash
# Installs what building and testing Lyceum needs, skipping what is present.
# Idempotent; safe to run on every `make run` / `make test`.
# Pins and traps are documented in docs/building.md.
#
# On a fresh machine the independent installs run side by side (two cargo
# installs, npm, Debian packages); each writes its log to $TOOLS_DIR/logs and
# a failure prints that log. The cargo installs override the release profile
# their crates ship (cargo-leptos: fat LTO, one codegen unit): these are build
# tools, not something to squeeze for speed, and that profile alone cost most of
# a 27-minute install.
set -euo pipefail
cd "$(dirname "$0")/.."

CARGO_LEPTOS_VERSION=0.3.10      # 0.3.11 needs rustc >= 1.96
BINARYEN_VERSION=132             # Debian's binaryen 108 silently breaks hydration
TOOLS_DIR=${LYCEUM_TOOLS_DIR:-$HOME/.cache/lyceum/tools}
WANT_BROWSER=${WANT_BROWSER:-0}  # 1: also Chromium and the Playwright packages (make test)
LOGS=$TOOLS_DIR/logs
mkdir -p "$LOGS"

say() { printf '==> %s\n' "$*" >&2; }

# Build-tool profile: no LTO, many codegen units, moderate optimisation.
tool_install() {
  CARGO_PROFILE_RELEASE_LTO=off \
  CARGO_PROFILE_RELEASE_CODEGEN_UNITS=64 \
  CARGO_PROFILE_RELEASE_OPT_LEVEL=2 \
  CARGO_PROFILE_RELEASE_DEBUG=false \
  CARGO_PROFILE_RELEASE_STRIP=true \
    cargo install --quiet "$@"
}

apt_missing() {
  local pkg
  for pkg in "$@"; do dpkg -s "$pkg" >/dev/null 2>&1 || printf '%s ' "$pkg"; done
}

apt_install() {
  [ $# -eq 0 ] && return 0
  local sudo=""; [ "$(id -u)" = 0 ] || sudo=sudo
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "$@" >/dev/null
}

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  say "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi

# Each job: a name, and a command run in the background with its log.
declare -A pending=()
start() {
  local name=$1; shift
  say "installing $name (log: $LOGS/$name.log)"
  ( "$@" ) >"$LOGS/$name.log" 2>&1 &
  pending[$name]=$!
}

if [ "$(cargo leptos --version 2>/dev/null | awk '{print $2}')" != "$CARGO_LEPTOS_VERSION" ]; then
  # no_downloads: a missing wasm-opt or wasm-bindgen is an error, not a download attempt.
  start cargo-leptos tool_install cargo-leptos --locked --version "$CARGO_LEPTOS_VERSION" --features no_downloads
fi

# wasm-bindgen-cli must equal the wasm-bindgen in Cargo.lock, or the build fails.
WB_VERSION=$(awk '/^name = "wasm-bindgen"$/ {getline; gsub(/"/, "", $3); print $3; exit}' Cargo.lock)
if [ "$(wasm-bindgen --version 2>/dev/null | awk '{print $2}')" != "$WB_VERSION" ]; then
  # --locked fails for this crate (its lockfile names a yanked version).
  start wasm-bindgen-cli tool_install wasm-bindgen-cli --version "=$WB_VERSION"
fi

if [ "$("$TOOLS_DIR/node_modules/.bin/wasm-opt" --version 2>/dev/null | awk '{print $3}')" != "$BINARYEN_VERSION" ]; then
  start wasm-opt npm install --silent --no-audit --no-fund --prefix "$TOOLS_DIR" "binaryen@$BINARYEN_VERSION"
fi

packages="postgresql-15 brotli wrk"
[ "$WANT_BROWSER" = 1 ] && packages="$packages chromium"
# shellcheck disable=SC2086
missing=$(apt_missing $packages)
if [ -n "$missing" ]; then
  # shellcheck disable=SC2086
  start debian-packages apt_install $missing
fi

failed=0
for name in "${!pending[@]}"; do
  if wait "${pending[$name]}"; then
    say "$name installed"
  else
    say "installing $name failed; its log:"
    tail -n 40 "$LOGS/$name.log" >&2
    failed=1
  fi
done
[ $failed = 0 ] || exit 1

if [ "$WANT_BROWSER" = 1 ]; then
  if [ ! -d end2end/node_modules/@playwright/test ] || [ end2end/package-lock.json -nt end2end/node_modules/.package-lock.json ]; then
    say "installing the Playwright packages (no browser download: Debian's chromium is used)"
    (cd end2end && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --silent --no-audit --no-fund)
  fi
fi
