#!/usr/bin/env bash
# Installs Debian's shapely and pyproj so the oracle-agreement test can run the GEOS reference (CI; optional locally).
set -uo pipefail
if /usr/bin/python3 -c 'import shapely, pyproj' 2>/dev/null; then exit 0; fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -q && apt-get install -y -q python3-shapely python3-pyproj && exit 0
fi
echo "note: python3-shapely and python3-pyproj are not installed; the live oracle test will not run (the golden oracle test still does)" >&2
exit 0
