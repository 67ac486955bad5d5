#!/usr/bin/env bash
# Debian's Chromium for the browser tests (Playwright drives it; nothing is downloaded at run
# time). Installs the package when it is missing and this user may; prints the binary's path.
set -euo pipefail
if ! command -v chromium >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ]; then
    echo "Installing Chromium from Debian's packages…" >&2
    apt-get update -qq >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >&2
  else
    echo "chromium is not installed (apt-get install chromium)" >&2
    exit 3
  fi
fi
command -v chromium
