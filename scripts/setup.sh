#!/bin/sh
# Set up sysdigpy on a fresh Debian or Ubuntu machine (idempotent):
#   - a virtualenv in .venv with sysdigpy installed in editable mode;
#   - with --dev: the test tools, and sysdig 0.29.3 (the reference the tests compare with);
#   - with --live (or --dev): BCC and kernel headers for live capture (scripts/setup-live.sh).
# Usage: scripts/setup.sh [--dev] [--live]
set -eu
cd "$(dirname "$0")/.."
DEV=0
LIVE=0
for arg in "$@"; do
    case "$arg" in
        --dev) DEV=1; LIVE=1 ;;
        --live) LIVE=1 ;;
        *) echo "setup: unknown option $arg" >&2; exit 2 ;;
    esac
done
export DEBIAN_FRONTEND=noninteractive
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"

apt_install() {
    missing=""
    for p in "$@"; do
        dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
    done
    [ -z "$missing" ] && return 0
    $SUDO apt-get update -qq
    # shellcheck disable=SC2086
    $SUDO apt-get install -y --no-install-recommends $missing
}

PY=${PYTHON:-python3}
if ! "$PY" -c 'import venv, ensurepip' >/dev/null 2>&1; then
    apt_install python3 python3-venv python3-pip
fi
[ -x .venv/bin/python ] || "$PY" -m venv .venv
.venv/bin/python -m pip install -q --upgrade pip >/dev/null 2>&1 || true
# compat: the checkout goes on sys.path through a plain .pth line; the default editable finder
# costs every run ~13 ms of start-up (it imports pathlib, importlib.util and urllib to load)
EDITABLE="--config-settings editable_mode=compat"
if [ "$DEV" -eq 1 ]; then
    PYTHONWARNINGS=ignore .venv/bin/python -m pip install -q $EDITABLE -e '.[dev]'
    command -v sysdig >/dev/null 2>&1 || apt_install sysdig
    apt_install groff-base man-db jq  # tests/test_man.py renders man/sysdigpy.8
else
    PYTHONWARNINGS=ignore .venv/bin/python -m pip install -q $EDITABLE -e .
fi
# bytecode now: where PYTHONDONTWRITEBYTECODE is set, every run would compile every module (~40 ms)
.venv/bin/python -m compileall -q sysdigpy >/dev/null
if [ "$LIVE" -eq 1 ]; then
    $SUDO sh scripts/setup-live.sh .venv
fi
# on root's PATH too (live capture runs as root): a link to this checkout's command
if [ "$(id -u)" -eq 0 ] && [ -d /usr/local/bin ] && [ -w /usr/local/bin ]; then
    ln -sfn "$(pwd)/.venv/bin/sysdigpy" /usr/local/bin/sysdigpy
    echo "setup: /usr/local/bin/sysdigpy -> $(pwd)/.venv/bin/sysdigpy"
fi
echo "setup: sysdigpy is in .venv/bin/sysdigpy"
