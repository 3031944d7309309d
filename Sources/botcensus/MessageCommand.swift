import ArgumentParser
import Foundation
import Ingest
import Store
import Trap

/// `botcensus message QUEUE_ID`: a trapped message's raw bytes, as Postfix's `postcat -q` prints a queued one
/// (small messages share segment files, so `cat` of one file no longer gives one message).
struct MessageCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "message",
        abstract: "Print a message the trap accepted, byte for byte, by its queue id.",
        discussion: "Checks the bytes against the SHA-256 the case recorded when the trap acknowledged them."
    )

    @OptionGroup var caseOptions: CaseOptions

    @Argument(help: "The queue id (the trap's 250 reply names it; export events shows it as queue_id).")
    var queueID: String

    func run() throws {
        let store = try caseOptions.existing()
        guard let row = try store.trapMessageLocation(queueID: queueID) else {
            throw ValidationError("\(caseOptions.casePath): no trapped message with queue id '\(queueID)'")
        }
        let bytes = try Spool.messageBytes(path: row.spool, offset: row.offset, size: row.size)
        var digest = ContentDigest()
        digest.update(bytes)
        guard digest.finalize() == row.sha256 else {
            throw ValidationError("\(row.spool): the bytes of \(queueID) differ from the SHA-256 recorded at acceptance")
        }
        Console.out(bytes: [UInt8](bytes))
        Console.stdout.flush()
    }
}
