#!/bin/sh
# Prepare this machine for live capture (idempotent):
#   - BCC (python3-bpfcc, bpfcc-tools) and Debian's kernel headers;
#   - /lib/modules/$(uname -r)/{build,source} pointing at the newest installed
#     headers when the running kernel has none (the probe takes structure
#     offsets from BTF, so headers of another version are enough to compile);
#   - `import bcc` from the project's venv (a symlink of Debian's bcc package
#     into its site-packages; nothing else of dist-packages).
# Usage: scripts/setup-live.sh [VENV]   (default: .venv)
set -eu
VENV=${1:-.venv}
export DEBIAN_FRONTEND=noninteractive

need=""
for p in python3-bpfcc bpfcc-tools linux-headers-amd64; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || need="$need $p"
done
if [ -n "$need" ]; then
    apt-get update -qq
    # shellcheck disable=SC2086
    apt-get install -y --no-install-recommends $need
fi

rel=$(uname -r)
mod=/lib/modules/$rel
if [ ! -e "$mod/build" ]; then
    hdr=$(ls -d /usr/src/linux-headers-*-amd64 2>/dev/null | sort -V | tail -n 1)
    if [ -z "$hdr" ]; then
        echo "setup-live: no /usr/src/linux-headers-*-amd64 installed" >&2
        exit 1
    fi
    common=$(echo "$hdr" | sed 's/-amd64$/-common/')
    [ -d "$common" ] || common=$hdr
    echo "setup-live: WARNING: no headers for kernel $rel; falling back to $(basename "$hdr")" >&2
    mkdir -p "$mod"
    [ -L "$mod/build" ] && rm -f "$mod/build"
    ln -s "$hdr" "$mod/build"
    [ -e "$mod/source" ] || { rm -f "$mod/source"; ln -s "$common" "$mod/source"; }
fi

if [ -x "$VENV/bin/python" ]; then
    site=$("$VENV/bin/python" -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])')
    if [ ! -e "$site/bcc" ]; then
        ln -sfn /usr/lib/python3/dist-packages/bcc "$site/bcc"
    fi
    "$VENV/bin/python" -c 'import bcc' && echo "setup-live: bcc importable from $VENV"
else
    echo "setup-live: no venv at $VENV (bcc link skipped)" >&2
fi
