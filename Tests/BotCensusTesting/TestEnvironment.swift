import Foundation

/// What a test needs from the machine. Tests that need one of these say so with `.enabled(if:)`: a developer
/// without p0f sees them skipped, not silently passed; in CI (`CI=true`) they always run, and CI's setup
/// installs what they need, so a missing tool fails there.
public enum TestEnvironment {
    public static let inCI = ProcessInfo.processInfo.environment["CI"] == "true"
    public static let isRoot = getuid() == 0
    /// Debian's p0f.fp, read at run time and never shipped.
    public static let p0fDatabase = "/etc/p0f/p0f.fp"
    public static var hasP0fDatabase: Bool { FileManager.default.fileExists(atPath: p0fDatabase) }
    /// p0f.fp is there, or CI must have it.
    public static var p0fTestsRun: Bool { hasP0fDatabase || inCI }
    public static var hasRecog: Bool { FileManager.default.fileExists(atPath: recogFolder.path) }
}
