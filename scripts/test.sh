#!/usr/bin/env bash
# Installs what the tests need on a fresh Debian/Ubuntu machine and runs every check:
# ruff, mypy and the whole pytest suite (headless, Qt offscreen).
#   bash scripts/test.sh [pytest args...]
set -euo pipefail
. "$(dirname "$0")/lib.sh"
apt_need "${QT_RUNTIME_PACKAGES[@]}" "${SCANNER_PACKAGES[@]}" xvfb xauth \
    poppler-utils tesseract-ocr tesseract-ocr-fas cups cups-client printer-driver-cups-pdf
make_venv dev
export QT_QPA_PLATFORM="${QT_QPA_PLATFORM:-offscreen}"
cd "$PISHKHAN_ROOT"
say "ruff"
"$VENV/bin/ruff" check pishkhan tests bench scripts
"$VENV/bin/ruff" format --check pishkhan tests bench scripts
say "mypy"
"$VENV/bin/mypy"
if [ -z "${PISHKHAN_TEST_PG_URL:-}" ] && [ "${PISHKHAN_SKIP_PG:-0}" != 1 ]; then
    say "PostgreSQL for the store tests"
    PISHKHAN_TEST_PG_URL="$(bash "$PISHKHAN_ROOT/scripts/pg.sh")"
    export PISHKHAN_TEST_PG_URL
fi
if [ -z "${PISHKHAN_TEST_PRINTER:-}" ] && [ "${PISHKHAN_SKIP_CUPS:-0}" != 1 ]; then
    say "CUPS print queue (cups-pdf) for the printing tests"
    PISHKHAN_TEST_PRINTER="$(bash "$PISHKHAN_ROOT/scripts/cups.sh")"
    export PISHKHAN_TEST_PRINTER
fi
say "pytest"
jobs="${PISHKHAN_TEST_JOBS:-auto}"
# loadgroup: tests marked xdist_group("cups") share the print queue and run on one worker.
"$VENV/bin/python" -m pytest -n "$jobs" --dist loadgroup -p no:cacheprovider "$@"
