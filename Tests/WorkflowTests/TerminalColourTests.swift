import Foundation
import Testing

/// Issue 14, item 6: tables are coloured only for a person at a terminal. `attribute` runs in a real pseudo-
/// terminal (Python's pty), in a pipe, and in the terminal with `NO_COLOR` set; only the first has colour,
/// and without its colour it is the same table, aligned the same.
@Suite struct TerminalColourTests {
    /// Runs `command` with its stdout on a new pseudo-terminal and prints what the terminal received.
    static let ptyRunner = """
        import os, pty, subprocess, sys
        master, slave = pty.openpty()
        child = subprocess.Popen(sys.argv[1:], stdout=slave, stderr=subprocess.DEVNULL, stdin=subprocess.DEVNULL)
        os.close(slave)
        out = b""
        while True:
            try:
                chunk = os.read(master, 65536)
            except OSError:
                break
            if not chunk:
                break
            out += chunk
        sys.stdout.buffer.write(out)
        sys.exit(child.wait())
        """

    func inTerminal(_ arguments: [String], environment: [String] = []) throws -> CommandResult {
        // The test's own NO_COLOR (swift test sets one) is removed: each case sets what it tests.
        try run(try tool("python3"), ["-c", Self.ptyRunner, "/usr/bin/env", "-u", "NO_COLOR", "TERM=xterm"] + environment
                + [try botcensusBinary().path] + arguments)
    }

    @Test func attributeColoursOnlyATerminalThatAllowsIt() throws {
        let dir = temporaryDirectory("colour")
        let casePath = dir.appendingPathComponent("demo.db").path
        try #require(try botcensus(["demo", "--case", casePath]).status == 0)
        let escape = "\u{1B}["

        let piped = try botcensus(["attribute", "--case", casePath])
        #expect(piped.status == 0 && piped.stdout.contains("gateway-sent") && !piped.stdout.contains(escape))

        let coloured = try inTerminal(["attribute", "--case", casePath])
        #expect(coloured.status == 0, "\(coloured.stderr)")
        #expect(coloured.stdout.contains(escape + "31mgateway-sent" + escape + "0m"), "\(coloured.stdout)")
        #expect(coloured.stdout.contains(escape + "32mother-host-behind-nat" + escape + "0m"))

        for noColour in ["NO_COLOR=1", "NO_COLOR=yes"] {
            let plain = try inTerminal(["attribute", "--case", casePath], environment: [noColour])
            #expect(plain.status == 0 && !plain.stdout.contains(escape), "\(noColour): \(plain.stdout)")
            // The same table, aligned the same, once the colour is taken away.
            let stripped = coloured.stdout.replacingOccurrences(of: "\u{1B}\\[[0-9;]*m", with: "", options: .regularExpression)
            #expect(stripped == plain.stdout)
        }
        // An empty NO_COLOR does not count (no-color.org); a dumb terminal gets none.
        #expect(try inTerminal(["attribute", "--case", casePath], environment: ["NO_COLOR="]).stdout.contains(escape))
        #expect(!(try inTerminal(["attribute", "--case", casePath], environment: ["TERM=dumb"]).stdout.contains(escape)))
    }
}
