#!/bin/sh
# Set up everything the tests need (venv, test tools, sysdig 0.29.3, BCC and kernel headers)
# and run the whole suite.  Live-capture tests run for real: they need root.
# Usage: scripts/test.sh [pytest arguments]
set -eu
cd "$(dirname "$0")/.."
sh scripts/setup.sh --dev
exec .venv/bin/python -m pytest "$@"
