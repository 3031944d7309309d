import Foundation

/// What a run of the built `botcensus` printed.
public struct CommandResult: Sendable {
    public var status: Int32
    public var stdout: String
    public var stderr: String
}

/// The built `botcensus` executable: beside the test bundle (`swift build --build-tests` builds it), or
/// `BOTCENSUS_BIN`. Missing, it is an error (the CLI tests fail rather than pass unseen).
public func botcensusBinary() throws -> URL {
    if let path = ProcessInfo.processInfo.environment["BOTCENSUS_BIN"] { return URL(fileURLWithPath: path) }
    var dir = Bundle.main.bundleURL
    for _ in 0..<3 {
        let candidate = dir.appendingPathComponent("botcensus")
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: candidate.path, isDirectory: &isDirectory), !isDirectory.boolValue { return candidate }
        dir = dir.deletingLastPathComponent()
    }
    throw TestFailure("botcensus executable not found near \(Bundle.main.bundleURL.path); build it or set BOTCENSUS_BIN")
}

/// Runs `botcensus` with `arguments` (and `stdin`), as a user would.
public func botcensus(_ arguments: [String], stdin: String? = nil, in directory: URL? = nil) throws -> CommandResult {
    try run(try botcensusBinary(), arguments, stdin: stdin, in: directory)
}

/// Runs any program; stdout and stderr are read concurrently so neither pipe can stall the child.
public func run(_ program: URL, _ arguments: [String], stdin: String? = nil, in directory: URL? = nil) throws -> CommandResult {
    let process = Process()
    process.executableURL = program
    process.arguments = arguments
    if let directory { process.currentDirectoryURL = directory }
    let out = Pipe(), err = Pipe(), input = Pipe()
    process.standardOutput = out
    process.standardError = err
    process.standardInput = input
    try process.run()
    let group = DispatchGroup()
    nonisolated(unsafe) var stderrData = Data()
    DispatchQueue.global().async(group: group) { stderrData = err.fileHandleForReading.readDataToEndOfFile() }
    if let stdin { input.fileHandleForWriting.write(Data(stdin.utf8)) }
    try input.fileHandleForWriting.close()
    let stdoutData = out.fileHandleForReading.readDataToEndOfFile()
    group.wait()
    process.waitUntilExit()
    return CommandResult(status: process.terminationStatus, stdout: String(decoding: stdoutData, as: UTF8.self),
                         stderr: String(decoding: stderrData, as: UTF8.self))
}
