#!/usr/bin/env bash
# A program from Debian's packages, for the tests: Chromium (browser tests), nginx (the
# production smoke test), wrk (load benchmarks). Installs the package when the program is
# missing and this user may, then prints the program's path.
#   scripts/debian-package.sh PROGRAM [PACKAGE]     e.g. scripts/debian-package.sh nginx nginx-light
set -euo pipefail
program=${1:?usage: $0 PROGRAM [PACKAGE]}
package=${2:-$program}
if ! command -v "$program" >/dev/null 2>&1 && [ ! -x "/usr/sbin/$program" ]; then
  if [ "$(id -u)" = 0 ]; then
    echo "Installing $package from Debian's packages…" >&2
    apt-get update -qq >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$package" >&2
  else
    echo "$program is not installed (apt-get install $package)" >&2
    exit 3
  fi
fi
command -v "$program" || echo "/usr/sbin/$program"
