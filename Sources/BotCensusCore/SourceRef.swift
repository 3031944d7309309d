/// Where a piece of evidence came from: every record carries it so a verdict can be traced to a file line.
public struct SourceRef: Hashable, Sendable, Codable, CustomStringConvertible {
    public var file: String
    public var line: Int

    public init(file: String, line: Int) {
        self.file = file
        self.line = line
    }

    public var description: String { "\(file):\(line)" }
}
