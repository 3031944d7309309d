import ArgumentParser
import Foundation
import Store

/// `botcensus case …`: the case store itself, as opposed to what is in it.
struct CaseCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "case",
        abstract: "Work on the case store itself.",
        subcommands: [CaseCopyCommand.self]
    )
}

/// `botcensus case copy FROM TO`: a whole case between SQLite and PostgreSQL (docs/POSTGRES.md).
struct CaseCopyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "copy",
        abstract: "Copy a whole case between an SQLite file and a PostgreSQL database.",
        discussion: """
            FROM and TO are what --case takes: a file, or postgresql://USER@HOST[:PORT]/DB (the password from \
            the URL or PGPASSWORD). TO must be new or empty; the copy is one transaction on it.
            """
    )

    @Argument(help: "The case to copy.")
    var from: String

    @Argument(help: "Where to copy it: an SQLite file or a PostgreSQL database holding no case yet.")
    var to: String

    func run() throws {
        let source = try CaseStore(path: from, mode: .existing)
        let destination = try CaseStore(path: to, mode: .createIfMissing)
        let started = Date()
        let counts = try destination.copy(from: source)
        let rows = counts.reduce(0) { $0 + $1.rows }
        let tables = counts.filter { $0.rows > 0 }.map { "\($0.table) \($0.rows)" }.joined(separator: ", ")
        Console.out("copied \(source.path) to \(destination.path): \(rows) rows (\(tables)) in \(String(format: "%.1f", Date().timeIntervalSince(started))) s\n")
    }
}
