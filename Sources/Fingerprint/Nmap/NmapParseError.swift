/// A problem in an nmap-service-probes file, named by `file:line` so that a person can open the line.
public struct NmapParseError: Error, CustomStringConvertible, Sendable, Equatable {
    public var file: String
    public var line: Int
    public var message: String

    public init(file: String, line: Int, message: String) {
        self.file = file; self.line = line; self.message = message
    }

    public var description: String { "\(file):\(line): \(message)" }
}
