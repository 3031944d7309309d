import ArgumentParser
import BotCensusCore
import Report
import Foundation
import Store

/// The command-line front: thin commands over the Workflow library.
struct BotCensus: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "botcensus",
        abstract: "Which devices really send this spam, and how many are there?",
        discussion: """
            Imports spam evidence (MTA logs, p0f SYN logs) and scan results (zgrab2), identifies what answered, \
            attributes each sending address's spam to the host that sent it — NAT and address churn included — \
            and estimates the infected population with 95% intervals.
            """,
        version: "botcensus \(BotCensusVersion.current)",
        subcommands: [ImportCommand.self, AttributeCommand.self, CensusCommand.self, EvaluateCommand.self, ExportCommand.self,
                      IdentifyCommand.self, SimulateCommand.self, DemoCommand.self, TrapCommand.self, MessageCommand.self,
                      ProbeCommand.self, LabCommand.self, ReportCommand.self, ServeCommand.self, CaseCommand.self]
    )
}

/// Options every case command shares.
struct CaseOptions: ParsableArguments {
    @Option(name: .customLong("case"), help: "The case store: an SQLite file, or postgresql://USER@HOST[:PORT]/DB.")
    var casePath: String = "./botcensus.db"

    /// The case for a command that only reads it: a missing case is an error, never a new empty one.
    func existing() throws -> CaseStore { try CaseStore(path: casePath, mode: .existing) }
}

/// Output on stdout; diagnostics on stderr.
/// stdout goes through one buffer (flushed before anything is written to stderr, so the two stay in order
/// on a terminal, and before exit); a command printing a million lines makes a few hundred writes.
enum Console {
    nonisolated(unsafe) static let stdout = BufferedOutput(fd: 1)

    /// On a terminal each piece of output shows at once; into a pipe or file it is batched.
    static let interactive = isatty(1) != 0

    /// Whether tables on stdout may be coloured: a terminal, no `NO_COLOR`, not a dumb terminal.
    static let colour = TerminalColour.enabled(fd: 1, environment: ProcessInfo.processInfo.environment)

    static func out(_ text: String) {
        stdout.write(text)
        if interactive { stdout.flush() }
    }

    static func out(bytes: [UInt8]) {
        stdout.write(bytes)
        if interactive { stdout.flush() }
    }

    static func err(_ text: String) {
        stdout.flush()
        FileHandle.standardError.write(Data((text.hasSuffix("\n") ? text : text + "\n").utf8))
    }

    /// Flushes stdout and ends the process with `code`.
    static func exit(_ code: Int32) -> Never {
        stdout.flush()
        Foundation.exit(code)
    }
}

/// Work that failed on bad input: message already printed, exit status 1.
struct Failure: Error, CustomStringConvertible {
    var message: String
    var description: String { message }
}
