import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A helper program that runs beside the trap (a load generator, tcpdump): run in `folder` (what it writes
/// by a relative path lands there, never in the source tree), output into files (a chatty child cannot fill a
/// pipe), waited for with a deadline, killed by its own PID if it overstays.
public final class BackgroundProcess {
    public let process = Process()
    private let outURL: URL, errURL: URL

    public init(_ program: URL, _ arguments: [String], in folder: URL) throws {
        let tag = UUID().uuidString.prefix(8)
        outURL = folder.appendingPathComponent("\(program.lastPathComponent)-\(tag).out")
        errURL = folder.appendingPathComponent("\(program.lastPathComponent)-\(tag).err")
        _ = FileManager.default.createFile(atPath: outURL.path, contents: nil)
        _ = FileManager.default.createFile(atPath: errURL.path, contents: nil)
        process.executableURL = program
        process.arguments = arguments
        process.currentDirectoryURL = folder
        process.standardOutput = try FileHandle(forWritingTo: outURL)
        process.standardError = try FileHandle(forWritingTo: errURL)
        process.standardInput = FileHandle.nullDevice
        try process.run()
    }

    public var stdout: String { (try? String(contentsOf: outURL, encoding: .utf8)) ?? "" }
    public var stderr: String { (try? String(contentsOf: errURL, encoding: .utf8)) ?? "" }

    /// Waits until `condition` holds (polled), failing after `seconds` or if the process ended first.
    public func wait(until condition: () throws -> Bool, seconds: Double, what: String) throws {
        let deadline = Date().addingTimeInterval(seconds)
        while try !condition() {
            if !process.isRunning { throw TestFailure("\(process.executableURL!.lastPathComponent) ended before \(what): \(stderr)") }
            if Date() > deadline { throw TestFailure("no \(what) within \(seconds) s: \(stderr)") }
            usleep(10_000)
        }
    }

    /// Waits for the process to end by itself; kills it (and fails) after `seconds`.
    @discardableResult
    public func waitForExit(seconds: Double) throws -> Int32 {
        let deadline = Date().addingTimeInterval(seconds)
        while process.isRunning {
            if Date() > deadline {
                kill(process.processIdentifier, SIGKILL)
                process.waitUntilExit()
                throw TestFailure("\(process.executableURL!.lastPathComponent) did not end within \(seconds) s: \(stderr)")
            }
            usleep(20_000)
        }
        return process.terminationStatus
    }

    deinit {
        if process.isRunning { kill(process.processIdentifier, SIGKILL); process.waitUntilExit() }
    }
}

/// The lines of a text file (none if it does not exist yet).
public func lines(of path: String) -> [String] {
    guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return [] }
    return text.split(separator: "\n").map(String.init)
}
