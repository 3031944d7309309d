#!/usr/bin/env bash
# Writes one libFuzzer target per evidence format (Sources/fuzz-NAME/Entry.swift). Run after adding a format;
# a test checks that every format has its target.
set -euo pipefail
cd "$(dirname "$0")/.."
for name in "$@"; do
    dir="Sources/fuzz-$name"
    mkdir -p "$dir"
    cat > "$dir/Entry.swift" <<SWIFT
import FuzzHarness

@main struct Entry {
    static func main() { FuzzHarness.main(format: "$name") }
}
SWIFT
done
