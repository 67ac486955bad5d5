#!/usr/bin/env bash
# A program from Debian's packages, for the tests: Chromium (browser tests), nginx (the
# production smoke test), wrk (load benchmarks), Tesseract with its Vietnamese model (OCR).
# Installs the package, and any extra packages the program needs (a language model, a plugin),
# when missing and this user may, then prints the program's path.
#   scripts/debian-package.sh PROGRAM [PACKAGE [EXTRA_PACKAGE ...]]
#   e.g. scripts/debian-package.sh nginx nginx-light
#        scripts/debian-package.sh tesseract tesseract-ocr tesseract-ocr-vie
set -euo pipefail
program=${1:?usage: $0 PROGRAM [PACKAGE [EXTRA_PACKAGE ...]]}
package=${2:-$program}
extras=("${@:3}")
installed() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q "install ok installed"; }
wanted=()
if ! command -v "$program" >/dev/null 2>&1 && [ ! -x "/usr/sbin/$program" ]; then
  wanted+=("$package")
fi
for extra in "${extras[@]}"; do
  installed "$extra" || wanted+=("$extra")
done
if [ ${#wanted[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then
    echo "Installing ${wanted[*]} from Debian's packages…" >&2
    apt-get update -qq >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${wanted[@]}" >&2
  else
    echo "$program needs ${wanted[*]} (apt-get install ${wanted[*]})" >&2
    exit 3
  fi
fi
command -v "$program" || echo "/usr/sbin/$program"
