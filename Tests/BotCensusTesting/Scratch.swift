import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Every scratch folder of one test process sits in one folder, removed when the process exits: made one by
/// one in the temporary folder, a few full runs had left 10 GB there (cases, captures, PostgreSQL clusters).
/// A server a test started is stopped by then (`PrivatePostgres` stops its own when released).
public let scratchRoot: URL = {
    let root = FileManager.default.temporaryDirectory.appendingPathComponent("botcensus-tests-\(getpid())")
    try! FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
    chmod(root.path, 0o755)   // PostgreSQL runs as its own user in a folder inside
    atexit { try? FileManager.default.removeItem(at: scratchRoot) }
    return root
}()

/// A fresh folder of this test process's own.
public func temporaryDirectory(_ label: String = "test") -> URL {
    let dir = scratchRoot.appendingPathComponent("\(label)-\(UUID().uuidString)")
    try! FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    return dir
}

/// Writes `bytes` to a fresh temporary file named `name` and returns its path.
public func temporaryFile(_ bytes: [UInt8], name: String = "input.log") throws -> String {
    let url = temporaryDirectory("file").appendingPathComponent(name)
    try Data(bytes).write(to: url)
    return url.path
}

public func temporaryFile(_ text: String, name: String = "input.log") throws -> String {
    try temporaryFile(Array(text.utf8), name: name)
}

/// A failed precondition of a test, said in words.
public struct TestFailure: Error, CustomStringConvertible {
    public var description: String
    public init(_ d: String) { description = d }
}
