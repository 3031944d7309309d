import ArgumentParser
import Foundation

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
        subcommands: [ImportCommand.self, AttributeCommand.self, CensusCommand.self, EvaluateCommand.self, ExportCommand.self,
                      IdentifyCommand.self, SimulateCommand.self, DemoCommand.self]
    )
}

/// Options every case command shares.
struct CaseOptions: ParsableArguments {
    @Option(name: .customLong("case"), help: "The case store (SQLite file).")
    var casePath: String = "./botcensus.db"
}

/// Output on stdout; diagnostics on stderr.
enum Console {
    static func out(_ text: String) {
        FileHandle.standardOutput.write(Data(text.utf8))
    }

    static func err(_ text: String) {
        FileHandle.standardError.write(Data((text.hasSuffix("\n") ? text : text + "\n").utf8))
    }
}

/// Work that failed on bad input: message already printed, exit status 1.
struct Failure: Error, CustomStringConvertible {
    var message: String
    var description: String { message }
}
