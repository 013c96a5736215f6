#!/usr/bin/env bash
# Installs what Regula links against, if it is missing: OpenBLAS and LAPACKE on Debian and
# Ubuntu. macOS uses Accelerate and needs nothing. Safe to run again.
set -euo pipefail

if [ "$(uname -s)" = "Darwin" ]; then
  exit 0
fi

have() { [ -e "$1" ] || ls $1 >/dev/null 2>&1; }
if have /usr/include/lapacke.h && { have /usr/include/cblas.h || have "/usr/include/*/cblas.h"; } \
   && { have "/usr/lib/*/libopenblas.so" || have /usr/lib/libopenblas.so; }; then
  exit 0
fi

if ! command -v apt-get >/dev/null 2>&1; then
  echo "error: OpenBLAS and LAPACKE headers are missing and apt-get is not available;" \
       "install your distribution's OpenBLAS and LAPACKE development packages" >&2
  exit 1
fi

sudo=""
[ "$(id -u)" -ne 0 ] && sudo="sudo"
echo "Installing libopenblas-dev and liblapacke-dev ..." >&2
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq libopenblas-dev liblapacke-dev >/dev/null
