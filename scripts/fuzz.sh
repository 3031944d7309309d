#!/usr/bin/env bash
# Runs every libFuzzer target for a bounded time (FUZZ_SECONDS each, default 30), seeded with the test
# fixtures. Exits non-zero if any target finds a crash; the crashing input is kept in .fuzz/NAME/.
#   scripts/fuzz.sh [NAME...]        (default: every fuzz-* target in Package.swift)
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${FUZZ_SECONDS:-30}
names=("$@")
if [ ${#names[@]} -eq 0 ]; then
    # The list may span lines: take everything between "let fuzzedFormats = [" and the next "]".
    mapfile -t names < <(awk '/^let fuzzedFormats = \[/{on=1} on{print} on&&/\]/{exit}' Package.swift | tr -d '\n' \
        | sed 's/.*\[\(.*\)\].*/\1/' | tr -d '" ' | tr ',' '\n')
fi
# -sanitize=fuzzer would link libFuzzer's own main, which clashes with the main SwiftPM gives executables; so:
# coverage instrumentation and AddressSanitizer at compile time, libFuzzer without main at link time.
fuzzer_lib=$(dirname "$(dirname "$(readlink -f "$(command -v swiftc)")")")/lib/clang/*/lib/linux/libclang_rt.fuzzer_no_main-x86_64.a
fuzzer_lib=$(echo $fuzzer_lib)
flags=(-c debug --scratch-path .build-fuzz -Xswiftc -sanitize=address -Xswiftc -sanitize-coverage=edge,inline-8bit-counters,pc-table,trace-cmp
       -Xswiftc -DFUZZING -Xlinker "$fuzzer_lib" -Xlinker -lstdc++)
status=0
for name in "${names[@]}"; do
    swift build "${flags[@]}" --product "fuzz-$name" >/dev/null
    work=".fuzz/$name"
    mkdir -p "$work/corpus" "$work/crashes"
    # Seeds: every fixture file (the formats' own and the others', which exercise detection and rejection).
    find Tests/Fixtures -type f -size -64k -exec cp -n {} "$work/corpus/" \; 2>/dev/null || true
    # Foundation's XMLParser leaks 72 bytes on libxml2's error path (not our code): leak checks off there only.
    extra=()
    asan=""
    if [ "$name" = nmap-xml ]; then extra=(-detect_leaks=0); asan="detect_leaks=0"; fi
    echo "fuzz-$name: ${seconds}s"
    if ! ASAN_OPTIONS="$asan" ".build-fuzz/debug/fuzz-$name" -max_total_time="$seconds" -max_len=16384 -timeout=10 -rss_limit_mb=2048 \
            -artifact_prefix="$work/crashes/" "${extra[@]}" "$work/corpus" >"$work/log" 2>&1; then
        echo "fuzz-$name: FAILED (see $work/log and $work/crashes/)" >&2
        tail -20 "$work/log" >&2
        status=1
    else
        grep -E "^#[0-9]+.*DONE|Done [0-9]+ runs" "$work/log" | tail -1
    fi
done
exit $status
