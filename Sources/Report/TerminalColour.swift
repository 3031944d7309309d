import BotCensusCore
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Colour for people at a terminal, never for files, pipes or programs: only when the output is a terminal,
/// `NO_COLOR` is unset or empty (no-color.org) and the terminal is not `dumb`. Colour marks what to read first
/// (a device blamed, a class left unknown); the text says the same without it.
public enum TerminalColour: String, Sendable {
    case red = "31", green = "32", yellow = "33", dim = "2"

    /// Whether output written to `fd` may be coloured, by the rules above.
    public static func enabled(fd: Int32, environment: [String: String]) -> Bool {
        if let noColour = environment["NO_COLOR"], !noColour.isEmpty { return false }
        if environment["TERM"] == "dumb" { return false }
        return isatty(fd) != 0
    }

    /// `text` wrapped in this colour's SGR sequence and a reset.
    public func wrap(_ text: String) -> String { "\u{1B}[\(rawValue)m\(text)\u{1B}[0m" }
}
