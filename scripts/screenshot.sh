#!/usr/bin/env bash
# Screenshot pages of a running vnkg server in headless Chromium (Debian package `chromium`).
#
#   scripts/screenshot.sh [STORE] [OUTDIR] [PATH...]
#
# Serves STORE (default .vnkg/store) on 127.0.0.1:$PORT (default 5077), writes one PNG per
# PATH into OUTDIR (default /tmp/vnkg-shots), Chromium's console log beside each, then stops
# the server it started. Look at the PNGs; grep the logs for "Uncaught" or "ERROR".
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
store="${1:-$root/.vnkg/store}"
out="${2:-/tmp/vnkg-shots}"
shift $(( $# > 2 ? 2 : $# ))
paths=("$@")
[ ${#paths[@]} -gt 0 ] || paths=(/ /id/province/lang-son /search?q=lang+son /def/Province)
port="${PORT:-5077}"
vnkg="${VNKG:-$root/.venv/bin/vnkg}"
chromium="${CHROMIUM:-$(command -v chromium || true)}"
[ -x "$chromium" ] || { echo "chromium not installed (apt-get install -y chromium)" >&2; exit 2; }
mkdir -p "$out"

"$vnkg" serve --store "$store" --host 127.0.0.1 --port "$port" >"$out/server.log" 2>&1 &
server=$!
trap 'kill "$server" 2>/dev/null || true' EXIT
for _ in $(seq 50); do
  curl -fsS -o /dev/null "http://127.0.0.1:$port/search" 2>/dev/null && break
  sleep 0.2
done

for path in "${paths[@]}"; do
  name="$(echo "$path" | tr -c 'a-zA-Z0-9\n' '_' | sed 's/^_*//; s/_*$//')"
  name="${name:-index}"
  profile="$(mktemp -d)"
  "$chromium" --headless --no-sandbox --disable-gpu --disable-background-networking \
    --disable-component-update --disable-sync --no-first-run --user-data-dir="$profile" \
    --enable-logging=stderr --v=0 --virtual-time-budget=5000 --hide-scrollbars \
    --screenshot="$out/$name.png" --window-size="${WINDOW:-1280,1000}" \
    "http://127.0.0.1:$port$path" >"$out/$name.log" 2>&1 || true
  rm -rf "$profile"
  errors="$(grep -c -E 'Uncaught|CONSOLE.*(ERROR|error)|Failed to load' "$out/$name.log" || true)"
  echo "$path -> $out/$name.png (console errors: $errors)"
done
