#!/usr/bin/env bash
# Fuzzes every evidence format for a bounded time (FUZZ_SECONDS each, default 30) with one libFuzzer binary,
# botcensus-fuzz, which feeds each input to the format's parser in memory. Each format's corpus starts from
# its own fixtures (Tests/Fixtures, found by format detection). Exits non-zero if any format crashes; the
# crashing input is kept in .fuzz/FORMAT/crashes/ (replay it: botcensus-fuzz FORMAT FILE, any build).
#   scripts/fuzz.sh [FORMAT...]        (default: every format, from botcensus-fuzz --list)
#   FUZZ_SCRATCH: SwiftPM scratch path of the instrumented build (default .build-fuzz)
#   FUZZ_MAX_LEN: largest input in bytes (default 4096: dozens of lines, packets or a whole message, which is
#                 what parser bugs need; longer inputs mostly slow each run down)
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${FUZZ_SECONDS:-30}
scratch=${FUZZ_SCRATCH:-.build-fuzz}
max_len=${FUZZ_MAX_LEN:-4096}
# -sanitize=fuzzer would link libFuzzer's own main, which clashes with the main SwiftPM gives executables; so:
# coverage instrumentation and AddressSanitizer at compile time, libFuzzer without main at link time.
# Release (-O): keeps Swift's bounds and overflow traps, and runs the parsers many times faster than debug.
fuzzer_lib=$(dirname "$(dirname "$(readlink -f "$(command -v swiftc)")")")/lib/clang/*/lib/linux/libclang_rt.fuzzer_no_main-x86_64.a
fuzzer_lib=$(echo $fuzzer_lib)
flags=(-c release --scratch-path "$scratch" -Xswiftc -sanitize=address
       -Xswiftc -sanitize-coverage=edge,inline-8bit-counters,pc-table,trace-cmp
       -Xswiftc -DFUZZING -Xlinker "$fuzzer_lib" -Xlinker -lstdc++)
mkdir -p .fuzz
if ! swift build "${flags[@]}" --product botcensus-fuzz >.fuzz/build.log 2>&1; then
    grep -E "error:|warning: " .fuzz/build.log >&2 || tail -40 .fuzz/build.log >&2
    echo "fuzz: build failed (full log: .fuzz/build.log)" >&2
    exit 1
fi
fuzz="$scratch/release/botcensus-fuzz"
names=("$@")
if [ ${#names[@]} -eq 0 ]; then mapfile -t names < <("$fuzz" --list); fi
status=0
for name in "${names[@]}"; do
    work=".fuzz/$name"
    mkdir -p "$work/corpus" "$work/crashes"
    "$fuzz" --seed "$name" Tests/Fixtures "$work/corpus" >/dev/null || echo "$name: no fixture of this format seeds it" >&2
    # No allocation stacks in reports: recording one per malloc costs a sixth of each run; replaying a saved
    # crash (botcensus-fuzz FORMAT FILE under this build) shows them again.
    # Foundation's XMLParser leaks 72 bytes on libxml2's error path (not our code): leak checks off there only.
    extra=()
    asan="malloc_context_size=0"
    if [ "$name" = nmap-xml ]; then extra=(-detect_leaks=0); asan="$asan:detect_leaks=0"; fi
    echo "$name: ${seconds}s"
    if ! ASAN_OPTIONS="$asan" "$fuzz" "$name" -max_total_time="$seconds" -max_len="$max_len" -timeout=10 -rss_limit_mb=2048 \
            -print_final_stats=1 -artifact_prefix="$work/crashes/" "${extra[@]}" "$work/corpus" >"$work/log" 2>&1; then
        echo "$name: FAILED (see $work/log and $work/crashes/)" >&2
        tail -20 "$work/log" >&2
        status=1
    else
        runs=$(awk '/stat::number_of_executed_units/{print $2}' "$work/log")
        echo "$name: $runs runs, $((runs / seconds)) per second, no crash"
    fi
done
exit $status
