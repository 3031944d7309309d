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
            FuzzHarness.run(format: "p0f", data, size)
            return 0
        })
        #else
        FuzzHarness.replay(format: "p0f")
        #endif
    }
}
