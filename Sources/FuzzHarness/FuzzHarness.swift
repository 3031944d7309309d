import BotCensusCore
import Foundation
import Ingest

/// The body of every libFuzzer target: one evidence format's importer run on arbitrary bytes. Bad input
/// must end as counted bad lines or a thrown error, never a crash, a hang or a sanitizer report.
/// Built normally, each target is a replayer (`fuzz-postfix FILE...` runs the inputs once); built by
/// `scripts/fuzz.sh` with `-sanitize=fuzzer -DFUZZING`, it is a libFuzzer binary.
public enum FuzzHarness {
    /// One scratch file per process: file formats read paths, and a RAM-backed folder keeps it cheap.
    nonisolated(unsafe) static var scratchPath: String = {
        let dir = FileManager.default.fileExists(atPath: "/dev/shm") ? "/dev/shm" : NSTemporaryDirectory()
        return "\(dir)/botcensus-fuzz-\(getpid())"
    }()

    public static func run(format: String, _ data: UnsafePointer<UInt8>, _ size: Int) {
        run(format: format, Data(bytes: data, count: size))
    }

    public static func run(format: String, _ data: Data) {
        if format == "tcp-signature" {
            _ = try? TCPSignature(parsing: String(decoding: data, as: UTF8.self))
            return
        }
        // A Maildir is a folder: the input becomes one message in new/.
        let path = format == "maildir" ? scratchPath + "-maildir" : scratchPath
        if format == "maildir" {
            for sub in ["cur", "new", "tmp"] { try? FileManager.default.createDirectory(atPath: "\(path)/\(sub)", withIntermediateDirectories: true) }
            guard FileManager.default.createFile(atPath: "\(path)/new/1700000000.M1P1.fuzz", contents: data) else { return }
        } else {
            guard FileManager.default.createFile(atPath: path, contents: data) else { return }
        }
        do {
            let driver = try ImportDriver(path: path, formatName: format,
                                          options: ImportOptions(year: 2026, localTime: .utc, trustedRelays: ["192.0.2.0/24", "mx.example.org"]),
                                          strict: false)
            var records = 0
            _ = try driver.run(report: { _ in }) { _ in records += 1 }
        } catch {
            // Errors are the expected outcome of bad input.
        }
    }

    /// The format the running target fuzzes (libFuzzer's callback is a C function and cannot capture it).
    nonisolated(unsafe) static var format = ""

    /// Each target's main: libFuzzer's driver when built with -DFUZZING, a replayer of saved inputs otherwise.
    /// (SwiftPM renames executables' main, so libFuzzer's own main cannot be linked in.)
    public static func main(format: String) -> Never {
        self.format = format
        #if FUZZING
        var argc = CommandLine.argc
        var argv = CommandLine.unsafeArgv
        exit(LLVMFuzzerRunDriver(&argc, &argv) { data, size in
            FuzzHarness.run(format: FuzzHarness.format, data, size)
            return 0
        })
        #else
        replay(format: format)
        exit(0)
        #endif
    }

    /// Without libFuzzer: run each file named on the command line once (reproducing a saved crash).
    public static func replay(format: String) {
        for path in CommandLine.arguments.dropFirst() {
            guard let data = FileManager.default.contents(atPath: path) else {
                FileHandle.standardError.write(Data("\(path): cannot read\n".utf8))
                exit(1)
            }
            run(format: format, data)
            print("\(path): ok")
        }
    }
}

#if FUZZING
/// libFuzzer's entry for programs that have their own main.
@_silgen_name("LLVMFuzzerRunDriver")
public func LLVMFuzzerRunDriver(_ argc: UnsafeMutablePointer<Int32>,
                                _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>>,
                                _ callback: @convention(c) (UnsafePointer<UInt8>, Int) -> Int32) -> Int32
#endif
