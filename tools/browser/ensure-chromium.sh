#!/usr/bin/env bash
# Prints the path of a Chromium for the dashboard's browser test (playwright-core
# drives it; it downloads no browser of its own). Uses CHROMIUM_PATH or the
# system's chromium; installs Debian's chromium with apt-get when missing and
# running as root; otherwise fails with what to install.
set -euo pipefail
log() { printf 'ensure-chromium: %s\n' "$*" >&2; }

find_chromium() {
  for candidate in "${CHROMIUM_PATH:-}" /usr/bin/chromium /usr/bin/chromium-browser; do
    if [[ -n "$candidate" && -x "$candidate" ]]; then echo "$candidate"; return 0; fi
  done
  return 1
}

if path="$(find_chromium)"; then echo "$path"; exit 0; fi

if [[ "$(id -u)" == 0 ]] && command -v apt-get > /dev/null; then
  log "installing Debian's chromium with apt-get (one-off, a minute or two)"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq > /dev/null
  apt-get install -y -qq --no-install-recommends chromium > /dev/null
  if path="$(find_chromium)"; then echo "$path"; exit 0; fi
fi

log "no Chromium found: install it (Debian/Ubuntu: apt-get install chromium) or set CHROMIUM_PATH"
exit 2
