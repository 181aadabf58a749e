#!/bin/sh
# Writes scripts/startup-symbols.txt: the functions the release binary runs from exec to the first
# prompt, in the order it first runs them. `make release` hands the list to lld
# (--symbol-ordering-file), which lays those functions side by side at the front of .text, so start-up
# maps a few contiguous megabytes of code instead of pages scattered over 18 MB (docs/BENCHMARKS.md).
# A stale list costs only those savings: names that no longer exist are skipped.
#   scripts/order-startup.sh BINARY    (make startup-order: needs valgrind)
set -eu
binary=${1:?usage: scripts/order-startup.sh BINARY}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# Callgrind cannot read the release binary's debug information; the symbols are enough.
strip --strip-debug -o "$work/momentum" "$binary"
profile() {
    name=$1
    shift
    valgrind --tool=callgrind --demangle=no --callgrind-out-file="$work/$name.out" "$work/momentum" "$@" </dev/null >/dev/null 2>&1 \
        || { echo "callgrind failed on momentum $*" >&2; exit 1; }
}
mkdir "$work/home"
profile first-start --home "$work/home"   # creates the store
profile start --home "$work/home"         # every start after
profile version --version

# Names defined exactly once: lld orders every copy of a repeated local name, which would pull
# hundreds of unrelated copies to the front.
nm --defined-only "$binary" | awk '{ print $3 }' | sort | uniq -u > "$work/unique"
cat "$work"/*.out | sed -n "s/^c\{0,1\}fn=([0-9]*) //p" | sed "s/'[0-9]*\$//" | grep -v '^0x' \
    | awk 'NR == FNR { unique[$0] = 1; next } unique[$0] && !seen[$0]++' "$work/unique" - > scripts/startup-symbols.txt
echo "scripts/startup-symbols.txt: $(wc -l < scripts/startup-symbols.txt) functions"
