#!/usr/bin/env bash
# Writes one libFuzzer target per evidence format (Sources/fuzz-NAME/Entry.swift). Run after adding a format;
# a test checks that every format has its target.
set -euo pipefail
cd "$(dirname "$0")/.."
for name in "$@"; do
    dir="Sources/fuzz-$name"
    mkdir -p "$dir"
    cat > "$dir/Entry.swift" <<SWIFT
import Foundation
import FuzzHarness

// SwiftPM renames an executable's main, so libFuzzer's own main cannot be used: this main hands control to
// libFuzzer through LLVMFuzzerRunDriver when built with -DFUZZING, and replays saved inputs otherwise.
@main struct Entry {
    static func main() {
        #if FUZZING
        var argc = CommandLine.argc
        var argv = CommandLine.unsafeArgv
        exit(LLVMFuzzerRunDriver(&argc, &argv) { data, size in
            FuzzHarness.run(format: "$name", data, size)
            return 0
        })
        #else
        FuzzHarness.replay(format: "$name")
        #endif
    }
}
SWIFT
done
