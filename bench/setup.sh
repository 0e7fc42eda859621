#!/bin/sh
# Set-up and start-up times a newcomer meets, before and after, in one run:
#   bench/setup.sh [BEFORE_REV] [AFTER_REV]      (defaults: d739c69 and HEAD)
# For each revision: a fresh clone, then `make run` (create the venv, install, index, start
# the chat, quit) timed twice — the first is the newcomer's first minute, the second every
# later start — and `studybot ask` / `studybot --help` as fresh processes. Prints the machine
# and its load. Set WITH_TEST=1 to time `make test` in the same clones too.
set -eu
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BEFORE=${1:-d739c69}
AFTER=${2:-HEAD}
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

seconds() {  # seconds() CMD…: wall time of a command, in seconds
    start=$(date +%s.%N)
    "$@" >/dev/null 2>&1 || echo "  (failed: $*)" >&2
    end=$(date +%s.%N)
    echo "$end - $start" | bc
}

echo "Machine: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(nproc) cores"
echo "Load at start: $(cut -d' ' -f1-3 /proc/loadavg)"
echo
echo "| revision | first make run (s) | second make run (s) | ask, fresh process (s) | --help (s) | .venv |"
echo "|---|---|---|---|---|---|"
for rev in "$BEFORE" "$AFTER"; do
    dir="$WORK/$rev"
    git clone --quiet "$ROOT" "$dir"
    git -C "$dir" checkout --quiet "$rev"
    cd "$dir"
    first=$(seconds sh -c 'echo /quit | make run')
    second=$(seconds sh -c 'echo /quit | make run')
    ask=$(seconds .venv/bin/studybot ask "What is a foundation model?")
    help=$(seconds .venv/bin/studybot --help)
    size=$(du -sh .venv | cut -f1)
    echo "| $rev ($(git rev-parse --short HEAD)) | $first | $second | $ask | $help | $size |"
    if [ "${WITH_TEST:-0}" = 1 ]; then
        echo "  make test: $(seconds make test) s"
    fi
    cd "$ROOT"
done
echo
echo "Load at end: $(cut -d' ' -f1-3 /proc/loadavg)"
