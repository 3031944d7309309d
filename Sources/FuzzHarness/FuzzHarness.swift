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
        guard FileManager.default.createFile(atPath: scratchPath, contents: data) else { return }
        do {
            let driver = try ImportDriver(path: scratchPath, formatName: format,
                                          options: ImportOptions(year: 2026, localTime: .utc, trustedRelays: ["192.0.2.0/24", "mx.example.org"]),
                                          strict: false)
            var records = 0
            _ = try driver.run(report: { _ in }) { _ in records += 1 }
        } catch {
            // Errors are the expected outcome of bad input.
        }
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
