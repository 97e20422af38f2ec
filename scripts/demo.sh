#!/bin/sh
# Set up sysdigpy and print a capture: the bundled sample unless another file is given.
# Usage: scripts/demo.sh [CAPTURE [sysdigpy options and filter...]]
set -eu
cd "$(dirname "$0")/.."
sh scripts/setup.sh >/dev/null
if [ $# -eq 0 ]; then
    set -- samples/sample.scap
fi
capture=$1
shift
exec .venv/bin/sysdigpy -r "$capture" "$@"
