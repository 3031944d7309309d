import Foundation

/// A fresh folder under the system's temporary folder.
public func temporaryDirectory(_ label: String = "test") -> URL {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("botcensus-\(label)-\(UUID().uuidString)")
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
