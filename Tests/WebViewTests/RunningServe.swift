@_exported import BotCensusTesting
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// `botcensus serve` as a user starts it: the built binary on 127.0.0.1, port 0 (the kernel picks one, read
/// back from the line it prints), output into files; stopped with SIGTERM by its own PID, its exit waited for
/// with a deadline (then SIGKILL, by PID).
final class RunningServe {
    let background: BackgroundProcess
    let port: Int
    let url: String

    init(case casePath: String, extra: [String] = [], in folder: URL) throws {
        background = try BackgroundProcess(try botcensusBinary(), ["serve", "--case", casePath, "--listen", "127.0.0.1:0"] + extra, in: folder)
        let started = background
        try started.wait(until: { started.stdout.contains("serving ") }, seconds: 60, what: "the serve line")
        let line = started.stdout.split(separator: "\n").first { $0.hasPrefix("serving ") } ?? ""
        guard let range = line.range(of: #"http://127\.0\.0\.1:([0-9]+)/"#, options: .regularExpression),
              let port = Int(line[range].dropFirst("http://127.0.0.1:".count).dropLast()) else {
            throw TestFailure("no URL in: \(line)")
        }
        self.port = port
        self.url = "http://127.0.0.1:\(port)"
    }

    func get(_ target: String, headers: [String: String] = [:]) throws -> HTTPAnswer {
        try LoopbackHTTP.get(port: port, target, headers: headers)
    }

    /// SIGTERM; the exit status and what it printed.
    @discardableResult
    func stop() throws -> (status: Int32, stdout: String) {
        if background.process.isRunning { kill(background.process.processIdentifier, SIGTERM) }
        let status = try background.waitForExit(seconds: 30)
        return (status, background.stdout)
    }

    deinit { if background.process.isRunning { kill(background.process.processIdentifier, SIGTERM); _ = try? background.waitForExit(seconds: 10) } }
}
