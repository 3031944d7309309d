import Foundation

/// Runs a reference tool (mawk, tcpdump) or botcensus itself as a child process, timed from start to exit,
/// its output going to a file so a pipe never slows or stalls it.
struct ChildRun {
    var seconds: Double
    var status: Int32
    var stdout: String
    var stderr: String

    /// `TimedChild` with standard output kept as text (its own file, read back after the exit).
    static func run(_ program: String, _ arguments: [String], in dir: String) throws -> ChildRun {
        let outPath = dir + "/child-\(getpid()).out"
        defer { try? FileManager.default.removeItem(atPath: outPath) }
        let r = try TimedChild.run(program, arguments, stdout: outPath, dir: dir)
        return ChildRun(seconds: r.seconds, status: r.status,
                        stdout: (try? String(contentsOfFile: outPath, encoding: .utf8)) ?? "", stderr: r.stderr)
    }

    /// The fastest of `times` runs (the first one also warms the page cache).
    static func best(_ times: Int, _ program: String, _ arguments: [String], in dir: String) throws -> ChildRun {
        var best: ChildRun?
        for _ in 0..<times {
            let r = try run(program, arguments, in: dir)
            guard r.status == 0 else { throw BenchError("\(program) \(arguments.joined(separator: " ")) failed (\(r.status)): \(r.stderr)") }
            if best == nil || r.seconds < best!.seconds { best = r }
        }
        return best!
    }

    /// Lines of standard output (tcpdump prints one per packet).
    var lineCount: Int { stdout.utf8.reduce(0) { $0 + ($1 == 10 ? 1 : 0) } }

    /// A field of `/usr/bin/time -v`'s report, e.g. "Maximum resident set size (kbytes)".
    func timeField(_ name: String) -> String? {
        for line in stderr.split(separator: "\n") {
            let t = line.trimmingCharacters(in: .whitespaces)
            if t.hasPrefix(name + ":") { return String(t.dropFirst(name.count + 1)).trimmingCharacters(in: .whitespaces) }
        }
        return nil
    }
}

/// A product built beside this benchmark (`botcensus`), as the Makefile's `target` builds it.
func siblingBinary(_ name: String, builtBy target: String) throws -> String {
    let exe = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
    let path = URL(fileURLWithPath: exe).deletingLastPathComponent().appendingPathComponent(name).path
    guard FileManager.default.isExecutableFile(atPath: path) else {
        throw BenchError("\(path) not found: build it beside the benchmark (make \(target) does)")
    }
    return path
}

/// Progress on standard error, so the tables on standard output stay clean.
func benchNote(_ text: String) { FileHandle.standardError.write(Data("bench: \(text)\n".utf8)) }

/// Where a program is on PATH, or nil.
func which(_ name: String) -> String? {
    for dir in (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":") {
        let path = "\(dir)/\(name)"
        if FileManager.default.isExecutableFile(atPath: path) { return path }
    }
    return nil
}
