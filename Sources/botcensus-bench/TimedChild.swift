import Foundation

/// A command as a user runs it from a shell: `program args < input > output`, timed from start to exit.
/// Unlike `ChildRun`, standard input can be a file and standard output goes to a chosen file (or
/// /dev/null), so the output can be compared afterwards.
struct TimedChild {
    var seconds: Double
    var status: Int32
    var stderr: String

    static func run(_ program: String, _ arguments: [String], stdin: String? = nil, stdout: String = "/dev/null",
                    environment: [String: String] = [:], dir: String) throws -> TimedChild {
        let errPath = dir + "/timed-\(getpid()).err"
        _ = FileManager.default.createFile(atPath: errPath, contents: nil)
        defer { try? FileManager.default.removeItem(atPath: errPath) }
        if stdout != "/dev/null" { _ = FileManager.default.createFile(atPath: stdout, contents: nil) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: program)
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        guard let out = FileHandle(forWritingAtPath: stdout) else { throw BenchError("\(stdout): cannot write") }
        process.standardOutput = out
        process.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: errPath))
        if let stdin {
            guard let input = FileHandle(forReadingAtPath: stdin) else { throw BenchError("\(stdin): cannot read") }
            process.standardInput = input
        } else {
            process.standardInput = FileHandle.nullDevice
        }
        let start = DispatchTime.now().uptimeNanoseconds
        try process.run()
        process.waitUntilExit()
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        return TimedChild(seconds: seconds, status: process.terminationStatus,
                          stderr: (try? String(contentsOfFile: errPath, encoding: .utf8)) ?? "")
    }

    /// The fastest of `times` successful runs (the first also warms the page cache); fails on a failed run.
    static func best(_ times: Int, _ program: String, _ arguments: [String], stdin: String? = nil, stdout: String = "/dev/null",
                     environment: [String: String] = [:], dir: String) throws -> TimedChild {
        var best: TimedChild?
        for _ in 0..<times {
            let r = try run(program, arguments, stdin: stdin, stdout: stdout, environment: environment, dir: dir)
            guard r.status == 0 else {
                throw BenchError("\(program) \(arguments.joined(separator: " ")) failed (\(r.status)): \(r.stderr.suffix(2000))")
            }
            if best == nil || r.seconds < best!.seconds { best = r }
        }
        return best!
    }
}
