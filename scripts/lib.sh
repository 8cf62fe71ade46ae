# Shared helpers of the set-up scripts. Source it; do not run it.
# shellcheck shell=bash

PISHKHAN_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="${PISHKHAN_VENV:-$PISHKHAN_ROOT/.venv}"

say() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }

as_root() {
    if [ "$(id -u)" = 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else
        say "need root for: $*"; return 1; fi
}

# apt_need PKG...: install the Debian packages that are not installed yet.
apt_need() {
    command -v dpkg >/dev/null || { say "not a Debian system: install by hand: $*"; return 0; }
    local missing=() p
    for p in "$@"; do
        dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
    done
    [ ${#missing[@]} -eq 0 ] && return 0
    say "installing Debian packages: ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    as_root apt-get update -qq
    as_root apt-get install -y -qq --no-install-recommends "${missing[@]}"
}

# Qt's runtime libraries (offscreen and xcb platforms) and fontconfig.
QT_RUNTIME_PACKAGES=(libegl1 libgl1 libxkbcommon0 libxkbcommon-x11-0 libfontconfig1 libdbus-1-3
    libglib2.0-0 libxcb-cursor0 libxcb-icccm4 libxcb-image0 libxcb-keysyms1 libxcb-randr0
    libxcb-render-util0 libxcb-shape0 libxcb-xinerama0 libxcb-xkb1 libxrender1 libxi6)

# SANE (python-sane is built against libsane-dev; the "test" backend is in libsane1) and a compiler.
SCANNER_PACKAGES=(libsane1 sane-utils libsane-dev gcc libc6-dev)

python_ok() { "$1" -c 'import sys, venv; sys.exit(sys.version_info < (3, 12))' >/dev/null 2>&1; }

# find_python: print a Python 3.12+ interpreter (PISHKHAN_PYTHON wins), installing Debian's if needed.
find_python() {
    local c
    for c in "${PISHKHAN_PYTHON:-}" python3.14 python3.13 python3.12 python3 \
        "$HOME"/.pyenv/versions/3.1[2-9]*/bin/python3 /usr/local/bin/python3.1[2-9]; do
        [ -n "$c" ] || continue
        if command -v "$c" >/dev/null 2>&1 && python_ok "$c"; then command -v "$c"; return 0; fi
        if [ -x "$c" ] && python_ok "$c"; then echo "$c"; return 0; fi
    done
    say "no Python 3.12+ found; trying Debian's python3"
    apt_need python3 python3-venv python3-dev >&2 || true
    if python_ok python3; then command -v python3; return 0; fi
    say "Pishkhan needs Python 3.12 or newer (Debian 13 ships 3.13; on Debian 12 install one with pyenv and set PISHKHAN_PYTHON)"
    return 1
}

# make_venv EXTRAS: create the virtual environment and install Pishkhan into it.
make_venv() {
    local extras="$1" py
    if [ ! -x "$VENV/bin/python" ] || ! python_ok "$VENV/bin/python"; then
        py="$(find_python)" || return 1
        say "creating $VENV with $py"
        rm -rf "$VENV"
        "$py" -m venv "$VENV"
    fi
    "$VENV/bin/python" -m pip install -q --disable-pip-version-check --upgrade pip
    say "installing Pishkhan${extras:+ [$extras]} into $VENV"
    "$VENV/bin/python" -m pip install -q --disable-pip-version-check -e "$PISHKHAN_ROOT${extras:+[$extras]}"
    say "building translations"
    "$VENV/bin/python" "$PISHKHAN_ROOT/scripts/build_translations.py"
}
