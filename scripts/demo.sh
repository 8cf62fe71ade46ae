#!/usr/bin/env bash
# Sets up everything on a fresh Debian/Ubuntu machine and opens Pishkhan on demo data.
#   bash scripts/demo.sh [--subscribers N]
# Data goes to $PISHKHAN_HOME (default: ./.pishkhan-home in the checkout).
set -euo pipefail
. "$(dirname "$0")/lib.sh"
subscribers=2000
if [ "${1:-}" = "--subscribers" ]; then subscribers="$2"; fi
apt_need "${QT_RUNTIME_PACKAGES[@]}" "${SCANNER_PACKAGES[@]}" fonts-noto-core
make_venv ""
export PISHKHAN_HOME="${PISHKHAN_HOME:-$PISHKHAN_ROOT/.pishkhan-home}"
if ! "$VENV/bin/pishkhan" demo-data --if-empty --subscribers "$subscribers"; then
    say "demo data could not be generated"; exit 1
fi
say "starting Pishkhan (data in $PISHKHAN_HOME)"
exec "$VENV/bin/pishkhan"
