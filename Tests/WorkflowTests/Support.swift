import Foundation

let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

func fixture(_ name: String) -> String { packageRoot.appendingPathComponent("Tests/Fixtures/ingest/\(name)").path }

func temporaryDirectory() -> URL {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("botcensus-wf-\(UUID().uuidString)")
    try! FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    return dir
}

/// The built `botcensus` executable: beside the test bundle (`swift build --build-tests` builds it too).
func botcensusBinary() throws -> URL {
    if let path = ProcessInfo.processInfo.environment["BOTCENSUS_BIN"] { return URL(fileURLWithPath: path) }
    var dir = Bundle.main.bundleURL
    for _ in 0..<3 {
        let candidate = dir.appendingPathComponent("botcensus")
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: candidate.path, isDirectory: &isDirectory), !isDirectory.boolValue { return candidate }
        dir = dir.deletingLastPathComponent()
    }
    throw NSError(domain: "botcensus-tests", code: 1, userInfo: [NSLocalizedDescriptionKey: "botcensus executable not found near \(Bundle.main.bundleURL.path); build it or set BOTCENSUS_BIN"])
}

struct CommandResult {
    var status: Int32
    var stdout: String
    var stderr: String
}

func botcensus(_ arguments: [String], stdin: String? = nil, in directory: URL? = nil) throws -> CommandResult {
    let process = Process()
    process.executableURL = try botcensusBinary()
    process.arguments = arguments
    if let directory { process.currentDirectoryURL = directory }
    let out = Pipe(), err = Pipe(), input = Pipe()
    process.standardOutput = out
    process.standardError = err
    process.standardInput = input
    try process.run()
    if let stdin { input.fileHandleForWriting.write(Data(stdin.utf8)) }
    try input.fileHandleForWriting.close()
    // Read before waiting so a full pipe cannot stall the child.
    let stdoutData = out.fileHandleForReading.readDataToEndOfFile()
    let stderrData = err.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return CommandResult(status: process.terminationStatus, stdout: String(decoding: stdoutData, as: UTF8.self),
                         stderr: String(decoding: stderrData, as: UTF8.self))
}
